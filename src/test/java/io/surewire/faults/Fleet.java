package io.surewire.faults;

import io.surewire.client.ReliableSubscriber;
import io.surewire.client.SubscriberRecord;
import io.surewire.client.WireLog;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Subscribers in a process of their own, so that they can run inside the fault namespace:
 *
 * <pre>java -cp … io.surewire.faults.Fleet &lt;ws-endpoint&gt; &lt;topic&gt; &lt;count&gt; &lt;client-prefix&gt; &lt;dump-file&gt;</pre>
 *
 * Every 200 ms it prints {@code progress <lowest seq processed>}; on the line {@code dump} from stdin
 * it writes what every subscriber processed, and the raw frames of each of its connections, to the
 * dump file and exits.
 */
public final class Fleet {

    private Fleet() {
    }

    public static void main(String[] args) throws IOException {
        URI endpoint = URI.create(args[0]);
        String topic = args[1];
        int count = Integer.parseInt(args[2]);
        String prefix = args[3];
        Path dump = Path.of(args[4]);
        List<ReliableSubscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            subscribers.add(new ReliableSubscriber(endpoint, prefix + "-" + i, Set.of(topic)).start());
        }
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
        progress.scheduleWithFixedDelay(() -> {
            long lowest = subscribers.stream().mapToLong(s -> s.processed(topic)).min().orElse(0);
            long connected = subscribers.stream().mapToLong(ReliableSubscriber::connections).sum();
            System.out.println("progress " + lowest + " " + connected);
            System.out.flush();
        }, 200, 200, TimeUnit.MILLISECONDS);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = commands.readLine()) != null && !line.equals("dump")) {
            // waiting for the test to ask
        }
        progress.shutdownNow();
        JsonArrayBuilder all = Json.createArrayBuilder();
        for (ReliableSubscriber subscriber : subscribers) {
            JsonArrayBuilder accepted = Json.createArrayBuilder();
            subscriber.accepted(topic).forEach(accepted::add);
            all.add(Json.createObjectBuilder()
                    .add("client_id", subscriber.clientId())
                    .add("processed", subscriber.processed(topic))
                    .add("duplicates", subscriber.duplicatesDropped())
                    .add("connections", subscriber.connections())
                    .add("resets", subscriber.resets())
                    .add("resyncs", subscriber.resyncs())
                    .add("accepted", accepted)
                    .add("wire", subscriber.wireJson()));
        }
        Files.writeString(dump, all.build().toString(), StandardCharsets.UTF_8);
        subscribers.forEach(ReliableSubscriber::close);
        System.out.println("dumped");
        System.out.flush();
        System.exit(0);
    }

    /** A subscriber of the fleet, as its dump tells it. */
    public record Recorded(String clientId, String topic, long processed, List<JsonObject> accepted,
                           long duplicatesDropped, long connections, long resets, long resyncs,
                           List<WireLog.Connection> wire) implements SubscriberRecord {

        @Override
        public long processed(String ofTopic) {
            return topic.equals(ofTopic) ? processed : 0;
        }

        @Override
        public List<JsonObject> accepted(String ofTopic) {
            return topic.equals(ofTopic) ? accepted : List.of();
        }

        public static List<Recorded> read(Path dump, String topic) throws IOException {
            JsonArray all = Json.createReader(new StringReader(Files.readString(dump))).readArray();
            List<Recorded> recorded = new ArrayList<>();
            for (JsonValue value : all) {
                JsonObject s = value.asJsonObject();
                recorded.add(new Recorded(s.getString("client_id"), topic, s.getJsonNumber("processed").longValue(),
                        s.getJsonArray("accepted").getValuesAs(JsonObject.class), s.getJsonNumber("duplicates").longValue(),
                        s.getJsonNumber("connections").longValue(), s.getJsonNumber("resets").longValue(),
                        s.getJsonNumber("resyncs").longValue(), WireLog.fromJson(s.getJsonArray("wire"))));
            }
            return recorded;
        }
    }

}
