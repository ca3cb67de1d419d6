package io.surewire.demo.boundary;

import io.surewire.security.boundary.Access;
import io.surewire.demo.entity.AppointmentState;
import io.surewire.platform.ApiError;
import io.surewire.platform.RequestBodies;
import io.surewire.platform.SurewireConfig;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * The board over HTTP: {@code GET /api/appointments?date=}, {@code PUT /api/appointments/{id}/state}
 * with {@code {"state","version"?}}, {@code POST /api/appointments} with {@code {"date","time","patient"}}.
 */
@Access(Access.Need.OPEN)
@Path("appointments")
@Produces(MediaType.APPLICATION_JSON)
public class BoardResource {

    private static final int MAX_BODY = 4096;

    private static final int FIRST_YEAR = 1;
    private static final int LAST_YEAR = 9999;

    @Inject
    Board board;

    @Inject
    SurewireConfig config;

    @GET
    public JsonObject snapshot(@QueryParam("date") String date) {
        return board.snapshot(date == null ? LocalDate.now(config.boardZone()) : day(date));
    }

    @PUT
    @Path("{id}/state")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public JsonObject changeState(@PathParam("id") String id, InputStream body) {
        JsonObject change = RequestBodies.jsonObject(body, MAX_BODY, "{\"state\",\"version\"?}");
        AppointmentState next;
        try {
            next = AppointmentState.of(change.get("state") instanceof JsonString s ? s.getString() : null);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'state' must be one of scheduled, present, seated, dismissed, cancelled");
        }
        Long version = null;
        JsonValue versionValue = change.get("version");
        if (versionValue != null && versionValue != JsonValue.NULL) {
            if (!(versionValue instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 0) {
                throw ApiError.badRequest("'version' must be a whole number");
            }
            version = number.longValue();
        }
        try {
            return board.changeState(id, next, version);
        } catch (ApiError refused) {
            throw refused.status() == 409 ? board.refusal(id, refused) : refused;
        }
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response add(InputStream body) {
        JsonObject appointment = RequestBodies.jsonObject(body, MAX_BODY, "{\"date\"?,\"time\",\"patient\"}");
        String patient = appointment.get("patient") instanceof JsonString s ? s.getString().strip() : "";
        if (patient.isEmpty() || patient.length() > 200) {
            throw ApiError.badRequest("'patient' must be 1-200 characters");
        }
        LocalTime time;
        try {
            time = LocalTime.parse(appointment.get("time") instanceof JsonString s ? s.getString() : "");
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("'time' must be HH:MM");
        }
        String date = appointment.get("date") instanceof JsonString s ? s.getString() : null;
        return Response.status(Response.Status.CREATED)
                .entity(board.add(date == null ? LocalDate.now(config.boardZone()) : day(date), time, patient)).build();
    }

    /** A day of the years 1 to 9999 as YYYY-MM-DD: what both databases and every client can hold. */
    private static LocalDate day(String date) {
        try {
            LocalDate day = LocalDate.parse(date);
            if (day.getYear() >= FIRST_YEAR && day.getYear() <= LAST_YEAR) {
                return day;
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw ApiError.badRequest("'date' must be YYYY-MM-DD, of the years " + FIRST_YEAR + " to " + LAST_YEAR);
    }
}
