package io.surewire.protocol;

import jakarta.json.JsonValue;

/** A frame a client sends (PROTOCOL §2), as the codec accepted it: every field present and of its type. */
public sealed interface ClientFrame {

    /** The frame's {@code type}, as on the wire. */
    String type();

    /** The topic the frame is about, or {@code null}. */
    default String topic() {
        return null;
    }

    /** The client's {@code request_id}, or {@code null} (also for frames that cannot carry one). */
    default String requestId() {
        return null;
    }

    /** Start receiving {@code topic}; {@code since} and {@code epoch} are {@code null} when absent. */
    record Subscribe(String topic, Long since, Long epoch, String requestId) implements ClientFrame {
        @Override
        public String type() {
            return "subscribe";
        }
    }

    record Unsubscribe(String topic, String requestId) implements ClientFrame {
        @Override
        public String type() {
            return "unsubscribe";
        }
    }

    /** Cumulative: every event of {@code topic} up to and including {@code seq} is processed. */
    record Ack(String topic, long seq) implements ClientFrame {
        @Override
        public String type() {
            return "ack";
        }
    }

    /** Send again every event of {@code topic} with seq &ge; {@code fromSeq}. */
    record Resync(String topic, long fromSeq, String requestId) implements ClientFrame {
        @Override
        public String type() {
            return "resync";
        }
    }

    /** Append {@code payload} (compact JSON text) to {@code topic}, once per {@code clientMsgId}. */
    record Publish(String topic, String payload, String clientMsgId, boolean requiresAck, String requestId)
            implements ClientFrame {
        @Override
        public String type() {
            return "publish";
        }
    }

    /** {@code ts} is echoed unchanged in the {@code pong}. */
    record Ping(JsonValue ts) implements ClientFrame {
        @Override
        public String type() {
            return "ping";
        }
    }

    record Pong(JsonValue ts) implements ClientFrame {
        @Override
        public String type() {
            return "pong";
        }
    }
}
