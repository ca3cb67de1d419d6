package io.surewire.platform;

import jakarta.json.JsonObject;

/**
 * A refused HTTP request: the status and the {@code {"code","message"}} body it is answered with.
 * {@code detail} is an optional object sent instead of the generic body (the {@code reset} of a
 * long-poll that retention no longer covers).
 */
public class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final JsonObject detail;

    public ApiError(int status, String code, String message) {
        this(status, code, message, null);
    }

    public ApiError(int status, String code, String message, JsonObject detail) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.detail = detail;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "bad_request", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public JsonObject detail() {
        return detail;
    }
}
