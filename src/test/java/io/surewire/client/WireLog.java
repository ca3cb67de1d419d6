package io.surewire.client;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw frames of one client, connection by connection, as they crossed the wire: every
 * {@code event} as it arrived, before any dedupe or repair, the frames that position a topic's
 * stream, and the client's own {@code subscribe}, {@code resync} and {@code ack} (recorded just
 * before they are written, so that anything the server did in answer comes after them).
 */
public final class WireLog {

    /** What one connection carried, in order. */
    public record Connection(String id, List<WireFrame> frames) {

        public Connection {
            frames = List.copyOf(frames);
        }
    }

    /** The recording of one open connection; safe to call from the receiving and the sending threads. */
    public static final class Recording {

        private final String id;
        private final List<WireFrame> frames = new ArrayList<>();

        private Recording(String id) {
            this.id = id;
        }

        /** Keeps a frame the server sent, when it is an event or positions a stream. */
        public synchronized void received(JsonObject frame) {
            WireFrame.received(frame).ifPresent(frames::add);
        }

        public synchronized void sent(WireFrame frame) {
            frames.add(frame);
        }

        synchronized Connection snapshot() {
            return new Connection(id, frames);
        }
    }

    private final List<Recording> recordings = new ArrayList<>();

    /** Starts the recording of a new connection. */
    public synchronized Recording open(String connectionId) {
        Recording recording = new Recording(connectionId);
        recordings.add(recording);
        return recording;
    }

    /** Every connection so far, as recorded up to now. */
    public List<Connection> connections() {
        List<Recording> all;
        synchronized (this) {
            all = List.copyOf(recordings);
        }
        return all.stream().map(Recording::snapshot).toList();
    }

    /** The connections as a dump, read back by {@link #fromJson}. */
    public JsonArray toJson() {
        JsonArrayBuilder all = Json.createArrayBuilder();
        for (Connection connection : connections()) {
            JsonArrayBuilder frames = Json.createArrayBuilder();
            connection.frames().forEach(frame -> frames.add(frame.toJson()));
            all.add(Json.createObjectBuilder().add("id", connection.id()).add("frames", frames));
        }
        return all.build();
    }

    public static List<Connection> fromJson(JsonArray dump) {
        List<Connection> connections = new ArrayList<>();
        for (JsonObject connection : dump.getValuesAs(JsonObject.class)) {
            connections.add(new Connection(connection.getString("id"), connection.getJsonArray("frames")
                    .getValuesAs(JsonObject.class).stream().map(WireFrame::fromJson).toList()));
        }
        return connections;
    }
}
