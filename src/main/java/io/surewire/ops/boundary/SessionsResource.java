package io.surewire.ops.boundary;

import io.surewire.ops.control.ClientSession;
import io.surewire.platform.ApiError;
import io.surewire.protocol.JsonBuilders;
import io.surewire.protocol.ServerFrames;
import io.surewire.security.boundary.Access;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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
    Sessions sessions;

    @GET
    public JsonArray sessions() {
        JsonArrayBuilder all = JsonBuilders.array();
        for (ClientSession session : sessions.all()) {
            JsonArrayBuilder topics = JsonBuilders.array();
            JsonObjectBuilder lag = JsonBuilders.object();
            session.lag().forEach((topic, behind) -> {
                topics.add(topic);
                lag.add(topic, behind);
            });
            all.add(JsonBuilders.object()
                    .add("client_id", session.clientId())
                    .add("session_id", session.sessionId())
                    .add("role", session.role())
                    .add("topics", topics)
                    .add("connected_at", ServerFrames.timestamp(session.connectedAt()))
                    .add("last_seen", ServerFrames.timestamp(session.lastSeen()))
                    .add("lag", lag));
        }
        return all.build();
    }

    /**
     * Disconnects a client: its connection is closed with 1012 (service restart), which tells a client
     * to reconnect and resume. For an operator who wants a client to start over. 204, or 404 when the
     * client has no open connection here.
     */
    @DELETE
    @Path("{clientId}")
    public Response disconnect(@PathParam("clientId") String clientId) {
        if (!sessions.disconnect(clientId)) {
            throw new ApiError(404, "not_found", "client " + clientId + " has no open connection on this node");
        }
        return Response.noContent().build();
    }
}
