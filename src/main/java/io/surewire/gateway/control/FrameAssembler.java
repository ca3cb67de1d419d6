package io.surewire.gateway.control;

/**
 * Joins the parts of one text frame as they arrive, refusing a frame whose UTF-8 length passes the
 * limit as soon as it does, so that an oversized frame is never held whole in memory.
 */
public final class FrameAssembler {

    private final int limitBytes;
    private final StringBuilder text = new StringBuilder();
    private long bytes;

    public FrameAssembler(int limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** Adds a part; {@code false} when the frame is now over the limit (what was gathered is dropped). */
    public boolean add(String part) {
        bytes += utf8Length(part);
        if (bytes > limitBytes) {
            text.setLength(0);
            text.trimToSize();
            return false;
        }
        text.append(part);
        return true;
    }

    /** The whole frame, after its last part; the assembler starts over. */
    public String take() {
        String frame = text.toString();
        text.setLength(0);
        if (text.capacity() > 4096) {
            text.trimToSize();
        }
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
