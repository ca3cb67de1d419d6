package io.surewire.publish.boundary;

import io.surewire.platform.ApiError;
import io.surewire.platform.RequestBodies;
import io.surewire.platform.RequestParameters;
import io.surewire.platform.SurewireConfig;
import io.surewire.protocol.FrameCodec;
import io.surewire.protocol.JsonBuilders;
import io.surewire.protocol.Names;
import io.surewire.protocol.ProtocolException;
import io.surewire.publish.control.IdempotencyConflict;
import io.surewire.publish.control.IdempotencyKey;
import io.surewire.publish.control.Receipt;
import io.surewire.security.boundary.Access;
import io.surewire.security.boundary.Caller;
import io.surewire.stream.boundary.EventLog;
import io.surewire.stream.entity.TopicState;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/**
 * A topic over HTTP (PROTOCOL §6): publish, and where it stands (the fallback's long-poll of its events
 * is {@code fallback/boundary/PollResource}). Topic names may hold '/', so the topic is everything
 * between {@code /topics/} and the last segment.
 */
@Path("v1/topics/{topic: .+}")
@Produces(MediaType.APPLICATION_JSON)
public class TopicResource {

    private static final int MAX_IDEMPOTENCY_KEY = 128;

    @Inject
    PublishCommitter publisher;

    @Inject
    Caller caller;

    @Inject
    EventLog log;

    @Inject
    SurewireConfig config;

    /**
     * Publishes the body (any JSON) as one event; 201 after the commit, the same answer again for the
     * same key. With {@code Surewire-Client-Id}, the key is that client's {@code client_msg_id}: a message
     * first sent over its WebSocket and sent again over HTTP is still appended once. With security on,
     * the key is always the {@code client_msg_id} of the token's {@code sub}, and a
     * {@code Surewire-Client-Id} must name that same client.
     */
    @POST
    @Path("events")
    @Access(Access.Need.PUBLISH)
    public Response publish(@PathParam("topic") String topic, @HeaderParam("Idempotency-Key") String idempotencyKey,
                            @HeaderParam("Surewire-Client-Id") String clientId,
                            @QueryParam("requires_ack") String requiresAck, InputStream body) {
        RequestParameters.topic(topic);
        if (clientId != null && !Names.isClientId(clientId)) {
            throw ApiError.badRequest("Surewire-Client-Id must be " + Names.CLIENT_ID_RULE);
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
            throw ApiError.badRequest("Idempotency-Key must be 1-" + MAX_IDEMPOTENCY_KEY + " characters");
        }
        boolean ack = RequestParameters.trueOrFalse("requires_ack", requiresAck, true);
        String payload;
        try {
            payload = FrameCodec.payload(RequestBodies.read(body, config.maxPayloadBytes()));
        } catch (ProtocolException notJson) {
            throw new ApiError(400, "bad_json", "the body must be one JSON value: " + notJson.getMessage());
        }
        String scope = caller.subject().orElse(clientId);
        if (clientId != null && !clientId.equals(scope)) {
            throw new ApiError(403, "forbidden", "Surewire-Client-Id must be the token's sub");
        }
        Receipt receipt;
        try {
            receipt = publisher.publish(topic, payload, ack, idempotencyKey == null ? null
                    : scope == null ? IdempotencyKey.ofHttp(idempotencyKey) : IdempotencyKey.ofClient(scope, idempotencyKey));
        } catch (IdempotencyConflict conflict) {
            throw new ApiError(422, "idempotency_key_reused", conflict.getMessage());
        }
        JsonObject answer = JsonBuilders.object()
                .add("topic", receipt.topic())
                .add("seq", receipt.seq())
                .add("epoch", receipt.epoch())
                .add("id", receipt.id() == null ? "" : receipt.id())
                .add("duplicate", receipt.duplicate())
                .build();
        return Response.status(Response.Status.CREATED).entity(answer).build();
    }

    /** {@code {"topic","epoch","last_seq","first_available_seq"}}; a topic nobody published to reads as 0. */
    @GET
    @Access(Access.Need.READ)
    public JsonObject state(@PathParam("topic") String topic) {
        RequestParameters.topic(topic);
        TopicState state = log.state(topic);
        return JsonBuilders.object()
                .add("topic", topic)
                .add("epoch", state.epoch())
                .add("last_seq", state.lastSeq())
                .add("first_available_seq", state.firstAvailableSeq())
                .build();
    }
}
