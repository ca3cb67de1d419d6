package io.surewire.it;

import io.surewire.client.SubscriberRecord;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges a run: every event committed to the topic reached every subscriber, in order, exactly once
 * after duplicates were dropped, and no subscriber saw an event that was not committed. The
 * committed events are read from the database, not from what the test believes it published.
 */
public final class DeliveryCheck {

    /** What a run came to. {@code problems} is empty when every guarantee held. */
    public record Verdict(int committed, int subscribers, long duplicatesDropped, long connections, long resets,
                          List<String> problems) {

        public boolean holds() {
            return problems.isEmpty();
        }

        @Override
        public String toString() {
            return "committed " + committed + " events, " + subscribers + " subscribers, " + duplicatesDropped
                    + " duplicates dropped, " + connections + " connections, " + resets + " resets"
                    + (problems.isEmpty() ? ", no problem" : ", problems: " + problems.subList(0, Math.min(10, problems.size())));
        }
    }

    private DeliveryCheck() {
    }

    /** The committed events of {@code topic}, seq to payload, straight from the event log's table. */
    public static Map<Long, JsonValue> committed(String topic) throws SQLException {
        Map<Long, JsonValue> events = new TreeMap<>();
        try (Connection connection = Postgres.connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT seq, payload FROM sw_event WHERE topic = ? ORDER BY seq")) {
            select.setString(1, topic);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    events.put(rows.getLong(1), Json.createReader(new StringReader(rows.getString(2))).readValue());
                }
            }
        }
        return events;
    }

    public static Verdict judge(String topic, List<? extends SubscriberRecord> subscribers) throws SQLException {
        Map<Long, JsonValue> committed = committed(topic);
        List<String> problems = new ArrayList<>();
        long expected = 1;
        for (long seq : committed.keySet()) {
            if (seq != expected++) {
                problems.add("the log itself has a gap before seq " + seq);
                break;
            }
        }
        long duplicates = 0;
        long connections = 0;
        long resets = 0;
        for (SubscriberRecord subscriber : subscribers) {
            duplicates += subscriber.duplicatesDropped();
            connections += subscriber.connections();
            resets += subscriber.resets();
            List<JsonObject> got = subscriber.accepted(topic);
            if (got.size() != committed.size()) {
                problems.add(subscriber.clientId() + " processed " + got.size() + " of " + committed.size() + " events");
            }
            for (int i = 0; i < got.size(); i++) {
                JsonObject event = got.get(i);
                long seq = event.getJsonNumber("seq").longValue();
                JsonValue truth = committed.get(seq);
                if (seq != i + 1) {
                    problems.add(subscriber.clientId() + " processed seq " + seq + " in place " + (i + 1));
                } else if (truth == null || !truth.equals(event.get("payload"))) {
                    problems.add(subscriber.clientId() + " saw seq " + seq + " = " + event.get("payload")
                            + " but the database committed " + truth);
                }
            }
        }
        return new Verdict(committed.size(), subscribers.size(), duplicates, connections, resets, problems);
    }
}
