package io.surewire.protocol;

/** The WebSocket close codes of the protocol (PROTOCOL §8), each with the reason the server sends. */
public enum CloseCode {
    NORMAL(1000, "normal closure", false),
    GOING_AWAY(1001, "server shutting down", false),
    TOO_BIG(1009, "frame too big", false),
    SERVICE_RESTART(1012, "closed by the server: reconnect", false),
    UNSUPPORTED_VERSION(4400, "unsupported protocol version", true),
    INVALID_ROLE(4401, "invalid role", true),
    INVALID_CLIENT_ID(4402, "invalid client_id", true),
    INVALID_TOKEN(4403, "missing or invalid token", true),
    TIMEOUT(4408, "heartbeat or ack timeout", false),
    SUPERSEDED(4409, "superseded by a newer connection with the same client_id", true),
    TOO_MANY(4429, "too many requests or outbound queue overflow", false),
    HANDSHAKE_ERROR(4500, "server error during handshake", false);

    private final int code;
    private final String reason;
    private final boolean terminal;

    CloseCode(int code, String reason, boolean terminal) {
        this.code = code;
        this.reason = reason;
        this.terminal = terminal;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    /** A client that receives a terminal code stops and does not reconnect. */
    public boolean terminal() {
        return terminal;
    }

    public static CloseCode of(int code) {
        for (CloseCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        throw new IllegalArgumentException("not a Surewire close code: " + code);
    }
}
