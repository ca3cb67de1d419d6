package io.surewire.protocol;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Encodes the frames the server sends (PROTOCOL §2), each as the text of one WebSocket frame. */
public final class ServerFrames {

    public static final int VERSION = 1;
    public static final List<String> FEATURES = List.of("heartbeat", "ack", "resync", "publish", "durable_cursor");

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final JsonBuilderFactory BUILDERS = JsonBuilders.PROVIDER.createBuilderFactory(Map.of());

    private ServerFrames() {
    }

    /**
     * The first frame. Beside the contract's fields it advertises the limits a client must keep:
     * {@code max_frame_bytes} (a bigger frame closes with 1009) and {@code max_frames_per_second}.
     */
    public static String hello(Instant serverTime, String requestId, String clientId, String sessionId,
                               long heartbeatIntervalMs, long ackTimeoutMs, int maxRetries, int maxFrameBytes,
                               int maxFramesPerSecond) {
        return frame("hello")
                .add("server_time", timestamp(serverTime))
                .add("accepted_version", VERSION)
                .add("features", BUILDERS.createArrayBuilder(FEATURES))
                .add("request_id", requestId)
                .add("client_id", clientId)
                .add("session_id", sessionId)
                .add("heartbeat_interval_ms", heartbeatIntervalMs)
                .add("ack_timeout_ms", ackTimeoutMs)
                .add("max_retries", maxRetries)
                .add("max_frame_bytes", maxFrameBytes)
                .add("max_frames_per_second", maxFramesPerSecond)
                .build().toString();
    }

    /**
     * An {@code event} frame. {@code payload} is JSON text, spliced in as it is so that a payload is
     * never parsed again on its way out.
     */
    public static String event(String topic, long seq, long epoch, String id, Instant ts, boolean requiresAck,
                               String payload, int redelivery) {
        String head = frame("event")
                .add("topic", topic)
                .add("seq", seq)
                .add("epoch", epoch)
                .add("id", id)
                .add("ts", timestamp(ts))
                .add("requires_ack", requiresAck)
                .add("redelivery", redelivery)
                .build().toString();
        return head.substring(0, head.length() - 1) + ",\"payload\":" + payload + "}";
    }

    public static String subscribed(String topic, long epoch, long lastSeq, String requestId) {
        return withRequestId(frame("subscribed")
                .add("topic", topic)
                .add("epoch", epoch)
                .add("last_seq", lastSeq), requestId);
    }

    public static String replayed(String topic, long fromSeq, long toSeq, String requestId) {
        return withRequestId(frame("replayed")
                .add("topic", topic)
                .add("from_seq", fromSeq)
                .add("to_seq", toSeq), requestId);
    }

    /** Why a client's position cannot be served: {@code retention} or {@code epoch}. */
    public enum ResetReason {
        RETENTION, EPOCH;

        public String wire() {
            return name().toLowerCase();
        }
    }

    public static String reset(String topic, long epoch, long lastSeq, long firstAvailableSeq, ResetReason reason,
                               String requestId) {
        return withRequestId(frame("reset")
                .add("topic", topic)
                .add("epoch", epoch)
                .add("last_seq", lastSeq)
                .add("first_available_seq", firstAvailableSeq)
                .add("reason", reason.wire()), requestId);
    }

    public static String receipt(String clientMsgId, String topic, long seq, boolean duplicate, String requestId) {
        return withRequestId(frame("receipt")
                .add("client_msg_id", clientMsgId)
                .add("topic", topic)
                .add("seq", seq)
                .add("duplicate", duplicate), requestId);
    }

    public static String ping(Instant ts) {
        return frame("ping").add("ts", timestamp(ts)).build().toString();
    }

    public static String pong(JsonValue ts) {
        return frame("pong").add("ts", ts).build().toString();
    }

    /**
     * {@code rate_limited} for a frame dropped over the rate, naming it so that the client knows what
     * to send again: its {@code request_id} when it had one, its type as {@code refused_type}, and
     * its {@code topic} when it has one; {@code refused} {@code null} when the frame could not be read.
     */
    public static String rateLimited(String message, ClientFrame refused) {
        if (refused == null) {
            return error(ErrorCode.RATE_LIMITED, message, null);
        }
        JsonObjectBuilder frame = frame("error")
                .add("code", ErrorCode.RATE_LIMITED.wire())
                .add("message", message)
                .add("refused_type", refused.type());
        if (refused.topic() != null) {
            frame.add("topic", refused.topic());
        }
        return withRequestId(frame, refused.requestId());
    }

    public static String error(ErrorCode code, String message, String requestId) {
        return withRequestId(frame("error")
                .add("code", code.wire())
                .add("message", message), requestId);
    }

    public static String shutdown(long reconnectAfterMs) {
        return frame("shutdown").add("reconnect_after_ms", reconnectAfterMs).build().toString();
    }

    /** ISO-8601 UTC with milliseconds, always the same width: {@code 2026-11-22T10:00:00.000Z}. */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    private static JsonObjectBuilder frame(String type) {
        return BUILDERS.createObjectBuilder().add("type", type);
    }

    private static String withRequestId(JsonObjectBuilder frame, String requestId) {
        if (requestId != null) {
            frame.add("request_id", requestId);
        }
        return frame.build().toString();
    }
}
