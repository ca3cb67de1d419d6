package io.surewire.ops.boundary;

import io.surewire.security.boundary.Access;
import io.surewire.delivery.boundary.DeliveryTracker;
import io.surewire.delivery.control.ChannelDeliveries;
import io.surewire.gateway.boundary.ConnectionRegistry;
import io.surewire.gateway.control.ClientConnection;
import io.surewire.protocol.ServerFrames;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import io.surewire.gateway.boundary.Gateway;
import io.surewire.platform.ApiError;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code GET /api/sessions}: the open connections of this node, with their topics and how far behind
 * each is (events known committed and not yet acknowledged); {@code DELETE /api/sessions/{client_id}}
 * disconnects one.
 */
@Access(Access.Need.OPERATOR)
@Path("sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    @Inject
    ConnectionRegistry connections;

    @Inject
    DeliveryTracker tracker;

    @Inject
    Gateway gateway;

    @GET
    public JsonArray sessions() {
        Map<String, ChannelDeliveries> deliveries = tracker.all().stream()
                .collect(Collectors.toMap(d -> d.channel().sessionId(), Function.identity(), (a, b) -> a));
        JsonArrayBuilder sessions = Json.createArrayBuilder();
        connections.all().stream().sorted(Comparator.comparing(ClientConnection::clientId)).forEach(connection -> {
            ChannelDeliveries delivery = deliveries.get(connection.sessionId());
            JsonArrayBuilder topics = Json.createArrayBuilder();
            JsonObjectBuilder lag = Json.createObjectBuilder();
            if (delivery != null) {
                delivery.topics().stream().sorted().forEach(topic -> {
                    topics.add(topic);
                    lag.add(topic, delivery.lag(topic));
                });
            }
            sessions.add(Json.createObjectBuilder()
                    .add("client_id", connection.clientId())
                    .add("session_id", connection.sessionId())
                    .add("role", connection.role())
                    .add("topics", topics)
                    .add("connected_at", ServerFrames.timestamp(connection.connectedAt()))
                    .add("last_seen", ServerFrames.timestamp(connection.lastSeen()))
                    .add("lag", lag));
        });
        return sessions.build();
    }

    /**
     * Disconnects a client: its connection is closed with 1012 (service restart), which tells a client
     * to reconnect and resume. For an operator who wants a client to start over. 204, or 404 when the
     * client has no open connection here.
     */
    @DELETE
    @Path("{clientId}")
    public Response disconnect(@PathParam("clientId") String clientId) {
        if (!gateway.disconnect(clientId)) {
            throw new ApiError(404, "not_found", "client " + clientId + " has no open connection on this node");
        }
        return Response.noContent().build();
    }
}
