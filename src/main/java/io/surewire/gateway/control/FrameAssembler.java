package io.surewire.gateway.control;

/**
 * Joins the parts of one text frame as they arrive, refusing a frame whose UTF-8 length passes the
 * limit as soon as it does, so that an oversized frame is never held whole in memory. A frame that
 * arrives in one part, as almost all do, is taken as it came: neither copied nor buffered, and an
 * idle connection holds no buffer.
 */
public final class FrameAssembler {

    private final int limitBytes;
    /** The frame's only part so far, or {@code null}. */
    private String first;
    /** The frame's parts joined, once a second one came; {@code null} before. */
    private StringBuilder text;
    private long bytes;

    public FrameAssembler(int limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** Adds a part; {@code false} when the frame is now over the limit (what was gathered is dropped). */
    public boolean add(String part) {
        bytes += utf8Length(part);
        if (bytes > limitBytes) {
            first = null;
            text = null;
            return false;
        }
        if (text != null) {
            text.append(part);
        } else if (first == null) {
            first = part;
        } else {
            text = new StringBuilder(first.length() + part.length()).append(first).append(part);
            first = null;
        }
        return true;
    }

    /** The whole frame, after its last part; the assembler starts over. */
    public String take() {
        String frame = text != null ? text.toString() : first != null ? first : "";
        first = null;
        text = null;
        bytes = 0;
        return frame;
    }

    static long utf8Length(CharSequence chars) {
        long length = 0;
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isSurrogate(c)) {
                length += 2; // each half of a pair: 4 bytes a pair, even when the pair is split between parts
            } else {
                length += 3;
            }
        }
        return length;
    }
}
