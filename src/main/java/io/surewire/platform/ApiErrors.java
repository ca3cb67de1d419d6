package io.surewire.platform;

import io.surewire.protocol.JsonBuilders;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
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
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body(code, message)).build();
    }

    /** The same answer, written by a servlet or a filter, outside JAX-RS. */
    public static void write(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body(code, message).toString());
    }

    /** The {@code code} of a refusal the application did not name itself, by its HTTP status. */
    public static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "bad_request";
        };
    }

    private static JsonObject body(String code, String message) {
        return JsonBuilders.object().add("code", code).add("message", message).build();
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
            return json(status, code(status), Response.Status.fromStatusCode(status) == null ? "request refused"
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
