package io.surewire.it.hooks;

import io.surewire.security.boundary.Access;
import io.surewire.stream.boundary.EventLog;
import io.surewire.stream.entity.EventDraft;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Test-only: the data the batch jobs work on, made as old as a test needs: many events at once, events
 * and idempotency keys made older, delivery failures recorded at a given time. Times are written as the
 * server stores them, UTC wall-clock timestamps.
 */
@Access(Access.Need.OPEN)
@Path("it/jobs")
@ApplicationScoped
public class JobHooks {

    @Inject
    EventLog log;

    @Resource(lookup = "java:jboss/datasources/SurewireDS")
    DataSource dataSource;

    /** Appends {@code count} events to {@code topic} in one transaction; answers the last seq. */
    @POST
    @Path("events")
    @Transactional
    public Response events(@QueryParam("topic") String topic, @QueryParam("count") int count) {
        List<EventDraft> drafts = Collections.nCopies(count, new EventDraft("{\"hook\":true}", true));
        long last = log.append(topic, drafts).get(count - 1).seq();
        return Response.ok("{\"last_seq\":" + last + "}").build();
    }

    /** Makes the events of {@code topic} from seq {@code from} through {@code through} {@code age} old (ISO-8601). */
    @POST
    @Path("age-events")
    public Response ageEvents(@QueryParam("topic") String topic, @QueryParam("from") long from,
                              @QueryParam("through") long through, @QueryParam("age") String age) throws SQLException {
        return updated(update("UPDATE sw_event SET ts = ? WHERE topic = ? AND seq BETWEEN ? AND ?",
                ago(age), topic, from, through));
    }

    /** Makes the idempotency key {@code key} of {@code scope} {@code age} old. */
    @POST
    @Path("age-key")
    public Response ageKey(@QueryParam("scope") String scope, @QueryParam("key") String key,
                           @QueryParam("age") String age) throws SQLException {
        return updated(update("UPDATE sw_idempotency SET created_at = ? WHERE scope = ? AND idem_key = ?",
                ago(age), scope, key));
    }

    /**
     * Records the delivery failure {@code {"client_id","topic","from_seq","to_seq","reason","failed_at"}}
     * as it stands (failed_at an ISO-8601 instant); answers its id.
     */
    @POST
    @Path("failures")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response failure(JsonObject failure) throws SQLException {
        String id = UUID.randomUUID().toString();
        update("INSERT INTO sw_delivery_failure (id, client_id, topic, from_seq, to_seq, failed_at, reason)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", id, failure.getString("client_id"), failure.getString("topic"),
                failure.getJsonNumber("from_seq").longValue(), failure.getJsonNumber("to_seq").longValue(),
                LocalDateTime.ofInstant(Instant.parse(failure.getString("failed_at")), ZoneOffset.UTC),
                failure.getString("reason"));
        return Response.ok("{\"id\":\"" + id + "\"}").build();
    }

    private static LocalDateTime ago(String age) {
        return LocalDateTime.ofInstant(Instant.now().minus(Duration.parse(age)), ZoneOffset.UTC);
    }

    private int update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    private static Response updated(int rows) {
        return Response.ok("{\"updated\":" + rows + "}").build();
    }
}
