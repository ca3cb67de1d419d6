package io.surewire.protocol;

/**
 * A frame the server refuses: it carries the {@link ErrorCode} and the {@code request_id} (when one
 * could be read) of the {@code error} frame that answers it. The only exception the codec throws.
 */
public final class ProtocolException extends RuntimeException {

    private final ErrorCode code;
    private final String requestId;

    public ProtocolException(ErrorCode code, String message, String requestId) {
        super(message, null, false, false);
        this.code = code;
        this.requestId = requestId;
    }

    public ErrorCode code() {
        return code;
    }

    /** The request's id, or {@code null}. */
    public String requestId() {
        return requestId;
    }
}
