package io.surewire.client;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.util.Optional;

/**
 * One frame of a connection as it crossed the wire, kept without its payload: the {@code event}
 * frames and the frames that position a topic's stream (received: {@code subscribed},
 * {@code replayed}, {@code reset}; sent by the client: {@code subscribe}, {@code resync},
 * {@code ack}). Fields a frame does not have are {@code 0} or {@code null}; {@code since} is
 * {@code null} for a subscribe without it.
 */
public record WireFrame(boolean sent, String type, String topic, long seq, long epoch, int redelivery, Long since,
                        long lastSeq, long fromSeq, long toSeq, String requestId) {

    public static WireFrame event(String topic, long seq, long epoch, int redelivery) {
        return new WireFrame(false, "event", topic, seq, epoch, redelivery, null, 0, 0, 0, null);
    }

    public static WireFrame subscribed(String topic, long epoch, long lastSeq, String requestId) {
        return new WireFrame(false, "subscribed", topic, 0, epoch, 0, null, lastSeq, 0, 0, requestId);
    }

    public static WireFrame replayed(String topic, long fromSeq, long toSeq, String requestId) {
        return new WireFrame(false, "replayed", topic, 0, 0, 0, null, 0, fromSeq, toSeq, requestId);
    }

    public static WireFrame reset(String topic, long epoch, long lastSeq, String requestId) {
        return new WireFrame(false, "reset", topic, 0, epoch, 0, null, lastSeq, 0, 0, requestId);
    }

    public static WireFrame subscribe(String topic, Long since, String requestId) {
        return new WireFrame(true, "subscribe", topic, 0, 0, 0, since, 0, 0, 0, requestId);
    }

    public static WireFrame resync(String topic, long fromSeq, String requestId) {
        return new WireFrame(true, "resync", topic, 0, 0, 0, null, 0, fromSeq, 0, requestId);
    }

    public static WireFrame ack(String topic, long seq) {
        return new WireFrame(true, "ack", topic, seq, 0, 0, null, 0, 0, 0, null);
    }

    public boolean is(String frameType) {
        return type.equals(frameType);
    }

    /** The frame, when a frame the server sent is one that is kept (an event or a positioning frame). */
    public static Optional<WireFrame> received(JsonObject frame) {
        String topic = frame.getString("topic", null);
        String requestId = frame.get("request_id") instanceof JsonString id ? id.getString() : null;
        return switch (frame.getString("type", "")) {
            case "event" -> Optional.of(event(topic, number(frame, "seq"), number(frame, "epoch"),
                    (int) number(frame, "redelivery")));
            case "subscribed" -> Optional.of(subscribed(topic, number(frame, "epoch"), number(frame, "last_seq"), requestId));
            case "replayed" -> Optional.of(replayed(topic, number(frame, "from_seq"), number(frame, "to_seq"), requestId));
            case "reset" -> Optional.of(reset(topic, number(frame, "epoch"), number(frame, "last_seq"), requestId));
            default -> Optional.empty();
        };
    }

    private static long number(JsonObject frame, String name) {
        return frame.get(name) instanceof JsonNumber number ? number.longValue() : 0;
    }

    /** The frame as a line of a dump, read back by {@link #fromJson}. */
    public JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("sent", sent).add("type", type).add("topic", topic)
                .add("seq", seq).add("epoch", epoch).add("redelivery", redelivery)
                .add("last_seq", lastSeq).add("from_seq", fromSeq).add("to_seq", toSeq);
        if (since != null) {
            json.add("since", since);
        }
        if (requestId != null) {
            json.add("request_id", requestId);
        }
        return json.build();
    }

    public static WireFrame fromJson(JsonObject json) {
        return new WireFrame(json.getBoolean("sent"), json.getString("type"), json.getString("topic"),
                number(json, "seq"), number(json, "epoch"), (int) number(json, "redelivery"),
                json.get("since") instanceof JsonNumber since ? since.longValue() : null,
                number(json, "last_seq"), number(json, "from_seq"), number(json, "to_seq"),
                json.get("request_id") instanceof JsonString id ? id.getString() : null);
    }

    @Override
    public String toString() {
        String direction = sent ? "sent " : "";
        return switch (type) {
            case "event" -> "event " + topic + " seq " + seq + " epoch " + epoch + " redelivery " + redelivery;
            case "subscribed" -> "subscribed " + topic + " epoch " + epoch + " last_seq " + lastSeq + " (" + requestId + ")";
            case "replayed" -> "replayed " + topic + " " + fromSeq + ".." + toSeq + " (" + requestId + ")";
            case "reset" -> "reset " + topic + " epoch " + epoch + " last_seq " + lastSeq + " (" + requestId + ")";
            case "subscribe" -> direction + "subscribe " + topic + (since == null ? "" : " since " + since) + " (" + requestId + ")";
            case "resync" -> direction + "resync " + topic + " from_seq " + fromSeq + " (" + requestId + ")";
            case "ack" -> direction + "ack " + topic + " " + seq;
            default -> direction + type + " " + topic;
        };
    }
}
