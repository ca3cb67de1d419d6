package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.SurewireClient;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PROTOCOL §2–§4: replay with since, resync, reset, and the durable cursor. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@Tag("h2")
class ReplayIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.withHooks(Map.of());
    }

    @ArquillianResource
    URL base;

    @Test
    void subscribeWithSinceReplaysTheMissedEventsThenSaysReplayedThenGoesLive() {
        String topic = Topics.unique("replay-since");
        publish(topic, 10);
        try (SurewireClient client = connect("replay-since")) {
            client.subscribe(topic, 3, 0, "r-1");

            JsonObject subscribed = client.await("subscribed", WAIT);
            assertEquals(10, subscribed.getJsonNumber("last_seq").longValue());
            assertEquals("r-1", subscribed.getString("request_id"));
            assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L, 10L), takeEvents(client, 7));
            JsonObject replayed = client.await("replayed", WAIT);
            assertEquals(4, replayed.getJsonNumber("from_seq").longValue());
            assertEquals(10, replayed.getJsonNumber("to_seq").longValue());
            assertEquals("r-1", replayed.getString("request_id"));

            Hooks.commit(base, topic, "{\"live\":true}");
            JsonObject live = client.await(Frames.ofType("event"), WAIT);
            assertEquals(11, Frames.seq(live));
            assertTrue(live.getJsonObject("payload").getBoolean("live"));
            assertEquals(List.of("hello", "subscribed", "event", "event", "event", "event", "event", "event", "event",
                    "replayed", "event"), client.history().stream().map(Frames::type).toList());
        }
    }

    @Test
    void aSinceAtTheEndReplaysNothingAndSaysSo() {
        String topic = Topics.unique("replay-empty");
        publish(topic, 3);
        try (SurewireClient client = connect("replay-empty")) {
            client.subscribe(topic, 3);
            client.await("subscribed", WAIT);
            JsonObject replayed = client.await(Frames.ofType("replayed").or(Frames.ofType("event")), WAIT);
            assertEquals("replayed", Frames.type(replayed), "nothing was missed, nothing is replayed");
            assertEquals(4, replayed.getJsonNumber("from_seq").longValue());
            assertEquals(3, replayed.getJsonNumber("to_seq").longValue());
        }
    }

    @Test
    void resyncSendsAgainFromTheAskedSeq() {
        String topic = Topics.unique("resync");
        publish(topic, 5);
        try (SurewireClient client = connect("resync")) {
            client.subscribe(topic, 0);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), takeEvents(client, 5));
            client.await("replayed", WAIT);

            client.resync(topic, 2, "gap-1");
            assertEquals(List.of(2L, 3L, 4L, 5L), takeEvents(client, 4));
            JsonObject replayed = client.await("replayed", WAIT);
            assertEquals(2, replayed.getJsonNumber("from_seq").longValue());
            assertEquals(5, replayed.getJsonNumber("to_seq").longValue());
            assertEquals("gap-1", replayed.getString("request_id"));
        }
    }

    @Test
    void aSinceRetentionNoLongerCoversGetsResetForRetention() {
        String topic = Topics.unique("reset-retention");
        publish(topic, 10);
        Hooks.purgeThrough(base, topic, 6);
        try (SurewireClient client = connect("reset-retention")) {
            client.subscribe(topic, 2, 0, "old");
            client.await("subscribed", WAIT);
            JsonObject reset = client.await(Frames.ofType("reset").or(Frames.ofType("event")), WAIT);
            assertEquals("reset", Frames.type(reset), "events 3..6 are gone: no partial replay");
            assertEquals("retention", reset.getString("reason"));
            assertEquals(10, reset.getJsonNumber("last_seq").longValue());
            assertEquals(7, reset.getJsonNumber("first_available_seq").longValue());
            assertEquals("old", reset.getString("request_id"));

            Hooks.commit(base, topic, "{}");
            assertEquals(11, Frames.seq(client.await(Frames.ofType("event"), WAIT)), "after a reset, live from last_seq");
        }
        try (SurewireClient covered = connect("reset-retention-covered")) {
            covered.subscribe(topic, 6);
            assertEquals(List.of(7L, 8L, 9L, 10L, 11L), takeEvents(covered, 5), "a since of first-1 is still served");
        }
    }

    @Test
    void anotherEpochGetsResetForEpoch() {
        String topic = Topics.unique("reset-epoch");
        publish(topic, 4);
        try (SurewireClient client = connect("reset-epoch")) {
            client.subscribe(topic, 2, 12345, "e");
            JsonObject subscribed = client.await("subscribed", WAIT);
            long epoch = subscribed.getJsonNumber("epoch").longValue();
            JsonObject reset = client.await(Frames.ofType("reset").or(Frames.ofType("event")), WAIT);
            assertEquals("reset", Frames.type(reset));
            assertEquals("epoch", reset.getString("reason"));
            assertEquals(epoch, reset.getJsonNumber("epoch").longValue());
            assertEquals(4, reset.getJsonNumber("last_seq").longValue());
        }
        try (SurewireClient ahead = connect("reset-epoch-ahead")) {
            ahead.subscribe(topic, 99);
            ahead.await("subscribed", WAIT);
            JsonObject reset = ahead.await(Frames.ofType("reset").or(Frames.ofType("event")), WAIT);
            assertEquals("epoch", reset.getString("reason"), "a since beyond last_seq belongs to another history");
        }
    }

    @Test
    void withoutSinceAClientResumesAfterItsDurableCursor() throws Exception {
        String topic = Topics.unique("cursor");
        publish(topic, 5);
        try (SurewireClient first = connect("cursor-client")) {
            first.subscribe(topic, 0);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), takeEvents(first, 5));
            first.ack(topic, 3);
            Awaitility.await().atMost(WAIT).until(() -> Database.number(base,
                    "SELECT COALESCE(MAX(acked_seq), -1) FROM sw_cursor WHERE client_id = ? AND topic = ?",
                    "cursor-client", topic) == 3);
        }
        try (SurewireClient again = connect("cursor-client")) {
            again.subscribe(topic);
            assertEquals(5, again.await("subscribed", WAIT).getJsonNumber("last_seq").longValue());
            assertEquals(List.of(4L, 5L), takeEvents(again, 2), "resumed after the acknowledged seq 3");
            JsonObject replayed = again.await("replayed", WAIT);
            assertEquals(4, replayed.getJsonNumber("from_seq").longValue());
            again.ack(topic, 2);
            again.ack(topic, 5);
            Awaitility.await().atMost(WAIT).until(() -> Database.number(base,
                    "SELECT acked_seq FROM sw_cursor WHERE client_id = ? AND topic = ?", "cursor-client", topic) == 5);
        }
    }

    @Test
    void aClientWithoutCursorStartsAtTheTopicsEnd() {
        String topic = Topics.unique("no-cursor");
        publish(topic, 3);
        try (SurewireClient client = connect("no-cursor-client")) {
            client.subscribe(topic);
            assertEquals(3, client.await("subscribed", WAIT).getJsonNumber("last_seq").longValue());
            Hooks.commit(base, topic, "{}");
            JsonObject first = client.await(Frames.ofType("event").or(Frames.ofType("replayed")), WAIT);
            assertEquals(4, Frames.seq(first), "no replay: the first event is the next commit");
        }
    }

    private void publish(String topic, int count) {
        for (int i = 1; i <= count; i++) {
            assertEquals(i, Hooks.commit(base, topic, "{\"n\":" + i + "}"));
        }
    }

    private SurewireClient connect(String clientId) {
        return Endpoints.connected(base, clientId);
    }

    static List<Long> takeEvents(SurewireClient client, int count) {
        List<Long> seqs = new ArrayList<>();
        while (seqs.size() < count) {
            seqs.add(Frames.seq(client.await(Frames.ofType("event"), WAIT)));
        }
        return seqs;
    }

    static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
