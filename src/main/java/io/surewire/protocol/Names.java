package io.surewire.protocol;

/** The shapes of the names in the protocol: topics, client ids, client message ids. */
public final class Names {

    public static final int MAX_TOPIC_LENGTH = 200;
    public static final int MAX_CLIENT_ID_LENGTH = 64;
    public static final int MAX_CLIENT_MSG_ID_LENGTH = 128;
    public static final int MAX_REQUEST_ID_LENGTH = 128;

    /** The rule of a topic's name, as the refusals of a bad one say it. */
    public static final String TOPIC_RULE = "1-" + MAX_TOPIC_LENGTH + " characters of [A-Za-z0-9._:/-]";
    /** The rule of a client_id, as the refusals of a bad one say it. */
    public static final String CLIENT_ID_RULE = "1-" + MAX_CLIENT_ID_LENGTH + " characters of [A-Za-z0-9._:-]";

    private Names() {
    }

    /** {@link #TOPIC_RULE}. */
    public static boolean isTopic(String name) {
        return name != null && within(name, MAX_TOPIC_LENGTH, true);
    }

    /** {@link #CLIENT_ID_RULE}. */
    public static boolean isClientId(String id) {
        return id != null && within(id, MAX_CLIENT_ID_LENGTH, false);
    }

    /** 1–128 characters, any. */
    public static boolean isClientMsgId(String id) {
        return id != null && !id.isEmpty() && id.length() <= MAX_CLIENT_MSG_ID_LENGTH;
    }

    /**
     * 1 to {@code maxLength} characters of {@code [A-Za-z0-9._:-]}, and {@code /} when {@code slash}: a
     * loop rather than a regular expression, since every ack's topic is checked on its I/O thread.
     */
    private static boolean within(String name, int maxLength, boolean slash) {
        int length = name.length();
        if (length == 0 || length > maxLength) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == ':' || c == '-' || slash && c == '/';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
