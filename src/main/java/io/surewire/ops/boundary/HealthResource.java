package io.surewire.ops.boundary;

import io.surewire.ops.control.Probe;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code GET /api/health}: 200 when every dependency answers, 503 with the same body when one
 * does not. Each check reports its status, how long it took and, when down, why.
 */
@Path("health")
public class HealthResource {

    @Inject
    Probes probes;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        List<Probe.Result> results = probes.all().stream().map(Probe::check).toList();
        boolean up = results.stream().allMatch(Probe.Result::up);
        JsonObjectBuilder checks = Json.createObjectBuilder();
        results.forEach(result -> checks.add(result.name(), result.toJson()));
        JsonObject body = Json.createObjectBuilder()
                .add("status", up ? "up" : "down")
                .add("checks", checks)
                .build();
        return Response.status(up ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE).entity(body).build();
    }
}
