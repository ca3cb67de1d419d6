package io.surewire.protocol;

import jakarta.json.JsonValue;

/** A frame a client sends (PROTOCOL §2), as the codec accepted it: every field present and of its type. */
public sealed interface ClientFrame {

    /** Start receiving {@code topic}; {@code since} and {@code epoch} are {@code null} when absent. */
    record Subscribe(String topic, Long since, Long epoch, String requestId) implements ClientFrame {
    }

    record Unsubscribe(String topic, String requestId) implements ClientFrame {
    }

    /** Cumulative: every event of {@code topic} up to and including {@code seq} is processed. */
    record Ack(String topic, long seq) implements ClientFrame {
    }

    /** Send again every event of {@code topic} with seq &ge; {@code fromSeq}. */
    record Resync(String topic, long fromSeq, String requestId) implements ClientFrame {
    }

    /** Append {@code payload} (compact JSON text) to {@code topic}, once per {@code clientMsgId}. */
    record Publish(String topic, String payload, String clientMsgId, boolean requiresAck, String requestId)
            implements ClientFrame {
    }

    /** {@code ts} is echoed unchanged in the {@code pong}. */
    record Ping(JsonValue ts) implements ClientFrame {
    }

    record Pong(JsonValue ts) implements ClientFrame {
    }
}
