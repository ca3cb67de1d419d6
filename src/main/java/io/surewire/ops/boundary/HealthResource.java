package io.surewire.ops.boundary;

import io.surewire.ops.control.Probe;
import io.surewire.protocol.JsonBuilders;
import io.surewire.security.boundary.Access;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Health for anyone who asks, so it says no more than the status of each component:
 * {@code GET /api/health} and {@code GET /api/health/ready} (readiness: 200 when the database and the
 * broker answer, 503 when one does not), {@code GET /api/health/live} (liveness: 200 whenever the
 * application answers at all, so a busy node is not restarted). What failed and why goes to the
 * server log. The checks run at most once per {@code surewire.health.cache-ms}, whoever asks.
 */
@Access(Access.Need.OPEN)
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    @Inject
    Probes probes;

    @GET
    public Response health() {
        return ready();
    }

    @GET
    @Path("ready")
    public Response ready() {
        List<Probe.Result> results = probes.current();
        boolean up = results.stream().allMatch(Probe.Result::up);
        JsonObjectBuilder checks = JsonBuilders.object();
        results.forEach(result -> checks.add(result.name(), JsonBuilders.object().add("status", result.status())));
        JsonObject body = JsonBuilders.object()
                .add("status", up ? "up" : "down")
                .add("checks", checks)
                .build();
        return Response.status(up ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE).entity(body).build();
    }

    @GET
    @Path("live")
    public JsonObject live() {
        return JsonBuilders.object().add("status", "up").build();
    }
}
