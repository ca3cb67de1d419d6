package io.surewire.platform;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every failure of the HTTP API answers {@code {"code","message"}} as JSON with a 4xx or 5xx status:
 * never an HTML page, never a stack trace.
 */
public final class ApiErrors {

    private ApiErrors() {
    }

    /** The {@code {"code","message"}} answer with {@code status}. */
    public static Response json(int status, String code, String message) {
        JsonObject body = Json.createObjectBuilder().add("code", code).add("message", message).build();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    /** A request the API refused on purpose. */
    @Provider
    public static class Refused implements ExceptionMapper<ApiError> {

        @Override
        public Response toResponse(ApiError error) {
            if (error.detail() != null) {
                return Response.status(error.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(error.detail()).build();
            }
            return json(error.status(), error.code(), error.getMessage());
        }
    }

    /** What JAX-RS itself refuses: unknown path (404), wrong method (405), media types (406, 415). */
    @Provider
    public static class Protocol implements ExceptionMapper<WebApplicationException> {

        @Override
        public Response toResponse(WebApplicationException exception) {
            int status = exception.getResponse().getStatus();
            String code = switch (status) {
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 406 -> "not_acceptable";
                case 415 -> "unsupported_media_type";
                default -> status >= 500 ? "internal" : "bad_request";
            };
            return json(status, code, Response.Status.fromStatusCode(status) == null ? "request refused"
                    : Response.Status.fromStatusCode(status).getReasonPhrase());
        }
    }

    /** Anything else: 503 when the database failed (try again), 500 otherwise, logged here. */
    @Provider
    public static class Unexpected implements ExceptionMapper<Throwable> {

        @Inject
        Logger log;

        @Override
        public Response toResponse(Throwable failure) {
            if (Failures.isUnavailable(failure)) {
                log.log(Level.WARNING, "request failed, the database is unavailable: " + failure);
                return json(503, "unavailable", Failures.describe(failure));
            }
            log.log(Level.SEVERE, "request failed", failure);
            return json(500, "internal", Failures.describe(failure));
        }
    }
}
