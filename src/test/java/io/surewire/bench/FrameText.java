package io.surewire.bench;

/**
 * Reads a field of a frame's text without parsing the JSON: the generator reads hundreds of
 * thousands of frames a second on a machine it shares with the server. The server writes its frames
 * compactly with the payload last, so the first occurrence of a key is the frame's own field.
 */
final class FrameText {

    private FrameText() {
    }

    /** The string value of {@code key}, or null. */
    static String string(String frame, String key) {
        String marker = "\"" + key + "\":\"";
        int at = frame.indexOf(marker);
        if (at < 0) {
            return null;
        }
        int start = at + marker.length();
        int end = frame.indexOf('"', start);
        return end < 0 ? null : frame.substring(start, end);
    }

    /** The integer value of {@code key}, or {@code missing}. */
    static long number(String frame, String key, long missing) {
        String marker = "\"" + key + "\":";
        int at = frame.indexOf(marker);
        if (at < 0) {
            return missing;
        }
        int i = at + marker.length();
        boolean negative = i < frame.length() && frame.charAt(i) == '-';
        if (negative) {
            i++;
        }
        long value = 0;
        int digits = 0;
        for (; i < frame.length(); i++, digits++) {
            char c = frame.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        if (digits == 0) {
            return missing;
        }
        return negative ? -value : value;
    }

    /** The {@code pong} that answers a {@code ping} frame: the same frame, with the same {@code ts}, of the other type. */
    static String pong(String ping) {
        return ping.replaceFirst("\"ping\"", "\"pong\"");
    }

    static boolean flag(String frame, String key) {
        return frame.contains("\"" + key + "\":true");
    }
}
