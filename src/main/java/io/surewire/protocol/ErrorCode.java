package io.surewire.protocol;

/** The codes of an {@code error} frame (PROTOCOL §2). */
public enum ErrorCode {
    BAD_JSON("bad_json"),
    BAD_FRAME("bad_frame"),
    UNKNOWN_TYPE("unknown_type"),
    FORBIDDEN("forbidden"),
    NOT_SUBSCRIBED("not_subscribed"),
    RATE_LIMITED("rate_limited"),
    UNAVAILABLE("unavailable"),
    INTERNAL("internal");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** The value of the frame's {@code code} field. */
    public String wire() {
        return wire;
    }
}
