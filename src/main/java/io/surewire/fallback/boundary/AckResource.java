package io.surewire.fallback.boundary;

import io.surewire.delivery.boundary.CursorStore;
import io.surewire.delivery.entity.Cursor;
import io.surewire.platform.ApiError;
import io.surewire.platform.RequestBodies;
import io.surewire.protocol.FrameCodec;
import io.surewire.protocol.JsonBuilders;
import io.surewire.protocol.Names;
import io.surewire.security.boundary.Access;
import io.surewire.stream.boundary.EventLog;
import io.surewire.stream.entity.TopicState;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;

/**
 * {@code POST /api/v1/clients/{client_id}/acks} with {@code {"topic","seq"}}: the cumulative ack of
 * a client that reads over HTTP. It moves the same durable cursor a WebSocket ack moves.
 */
@Access(Access.Need.CLIENT)
@Path("v1/clients/{clientId}/acks")
@Produces(MediaType.APPLICATION_JSON)
public class AckResource {

    private static final int MAX_BODY = 4096;

    @Inject
    EventLog log;

    @Inject
    CursorStore cursors;

    @POST
    public JsonObject ack(@PathParam("clientId") String clientId, InputStream body) {
        if (!Names.isClientId(clientId)) {
            throw ApiError.badRequest("client_id must be " + Names.CLIENT_ID_RULE);
        }
        JsonObject ack = RequestBodies.jsonObject(body, MAX_BODY, "{\"topic\",\"seq\"}");
        if (!(ack.get("topic") instanceof JsonString topicValue) || !Names.isTopic(topicValue.getString())) {
            throw ApiError.badRequest("'topic' must be " + Names.TOPIC_RULE);
        }
        String topic = topicValue.getString();
        JsonValue seqValue = ack.get("seq");
        if (!(seqValue instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 0
                || number.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(FrameCodec.MAX_NUMBER)) > 0) {
            throw ApiError.badRequest("'seq' must be a whole number from 0 to " + FrameCodec.MAX_NUMBER);
        }
        long seq = number.longValue();
        TopicState state = log.state(topic);
        if (seq > state.lastSeq()) {
            throw ApiError.badRequest("seq " + seq + " is beyond the last seq of " + topic + " (" + state.lastSeq() + ")");
        }
        cursors.advance(clientId, topic, state.epoch(), seq);
        long acked = cursors.find(clientId, topic).map(Cursor::seq).orElse(seq);
        return JsonBuilders.object().add("client_id", clientId).add("topic", topic).add("acked_seq", acked).build();
    }
}
