package io.surewire.publish.control;

import io.surewire.protocol.FrameCodec;
import io.surewire.protocol.Names;
import io.surewire.protocol.ProtocolException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * A publish request arriving as a JMS text message:
 * {@code {"topic","payload","idempotency_key"?,"requires_ack"?}}.
 */
public record JmsPublication(String topic, String payload, IdempotencyKey key, boolean requiresAck) {

    /** Parses the message text; {@link IllegalArgumentException} says what is wrong with a poison message. */
    public static JmsPublication parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("not a text message");
        }
        JsonValue value;
        try {
            value = FrameCodec.value(text);
        } catch (ProtocolException notJson) {
            throw new IllegalArgumentException("not JSON: " + notJson.getMessage());
        }
        if (!(value instanceof JsonObject message)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!(message.get("topic") instanceof JsonString topic) || !Names.isTopic(topic.getString())) {
            throw new IllegalArgumentException("'topic' must be " + Names.TOPIC_RULE);
        }
        JsonValue payload = message.get("payload");
        if (payload == null) {
            throw new IllegalArgumentException("missing 'payload'");
        }
        IdempotencyKey key = null;
        JsonValue keyValue = message.get("idempotency_key");
        if (keyValue != null && keyValue != JsonValue.NULL) {
            if (!(keyValue instanceof JsonString keyString) || !Names.isClientMsgId(keyString.getString())) {
                throw new IllegalArgumentException("'idempotency_key' must be a string of 1-128 characters");
            }
            key = IdempotencyKey.ofJms(keyString.getString());
        }
        JsonValue ack = message.get("requires_ack");
        if (ack != null && ack != JsonValue.NULL && ack != JsonValue.TRUE && ack != JsonValue.FALSE) {
            throw new IllegalArgumentException("'requires_ack' must be true or false");
        }
        return new JmsPublication(topic.getString(), payload.toString(), key, ack != JsonValue.FALSE);
    }
}
