package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.SurewireClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PROTOCOL §2 publish: a receipt after the commit, idempotent by (client_id, client_msg_id), even when raced. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebSocketPublishIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.surewire(Map.of());
    }

    @ArquillianResource
    URL base;

    @Test
    void aPublishIsAnsweredWithItsReceiptAndReachesSubscribers() {
        String topic = Topics.unique("ws-publish");
        try (SurewireClient subscriber = connect("ws-publish-subscriber");
             SurewireClient publisher = connect("ws-publish-publisher")) {
            subscriber.subscribe(topic);
            subscriber.await("subscribed", WAIT);

            publisher.send(SurewireClient.frame("publish").add("topic", topic).add("client_msg_id", "m-1")
                    .add("payload", Json.createObjectBuilder().add("hello", "world")).add("request_id", "p1").build());
            JsonObject receipt = publisher.await("receipt", WAIT);
            assertEquals("m-1", receipt.getString("client_msg_id"));
            assertEquals(topic, receipt.getString("topic"));
            assertEquals(1, receipt.getJsonNumber("seq").longValue());
            assertFalse(receipt.getBoolean("duplicate"));
            assertEquals("p1", receipt.getString("request_id"));

            JsonObject event = subscriber.await(Frames.ofType("event"), WAIT);
            assertEquals(1, Frames.seq(event));
            assertEquals("world", event.getJsonObject("payload").getString("hello"));
        }
    }

    @Test
    void theSameClientMsgIdIsAppendedOnceAndAnsweredAsADuplicate() throws Exception {
        String topic = Topics.unique("ws-idempotent");
        try (SurewireClient publisher = connect("ws-idempotent")) {
            publisher.publish(topic, Json.createValue(1), "once");
            assertFalse(publisher.await("receipt", WAIT).getBoolean("duplicate"));
            publisher.publish(topic, Json.createValue(1), "once");
            JsonObject again = publisher.await("receipt", WAIT);
            assertTrue(again.getBoolean("duplicate"));
            assertEquals(1, again.getJsonNumber("seq").longValue());
        }
        try (SurewireClient reconnected = connect("ws-idempotent")) {
            reconnected.publish(topic, Json.createValue(1), "once");
            assertTrue(reconnected.await("receipt", WAIT).getBoolean("duplicate"), "keys outlive the connection");
        }
        try (SurewireClient other = connect("ws-idempotent-other")) {
            other.publish(topic, Json.createValue(2), "once");
            JsonObject receipt = other.await("receipt", WAIT);
            assertFalse(receipt.getBoolean("duplicate"), "keys belong to one client_id");
            assertEquals(2, receipt.getJsonNumber("seq").longValue());
        }
        assertEquals(2, DeliveryCheck.committed(topic).size());
    }

    @Test
    void concurrentDuplicatesAreAppendedOnce() throws Exception {
        String topic = Topics.unique("ws-race");
        List<SurewireClient> twins = new ArrayList<>();
        try {
            for (int round = 0; round < 10; round++) {
                // the same client_id on two connections would supersede; one connection, many frames in flight
                SurewireClient client = connect("ws-race-" + round);
                twins.add(client);
                List<CompletableFuture<Void>> sends = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    sends.add(CompletableFuture.runAsync(() -> client.publish(topic, Json.createValue("x"), "same")));
                }
                sends.forEach(CompletableFuture::join);
                List<Long> seqs = new ArrayList<>();
                long duplicates = 0;
                for (int i = 0; i < 5; i++) {
                    JsonObject receipt = client.await("receipt", WAIT);
                    seqs.add(receipt.getJsonNumber("seq").longValue());
                    duplicates += receipt.getBoolean("duplicate") ? 1 : 0;
                }
                assertEquals(1, seqs.stream().distinct().count(), "one seq for one key: " + seqs);
                assertEquals(4, duplicates);
            }
            assertEquals(10, DeliveryCheck.committed(topic).size());
        } finally {
            twins.forEach(SurewireClient::close);
        }
    }

    /**
     * A burst that waits in the connection's publish lane is committed in batches: every publish still
     * gets its own answer, in the order sent, and each topic's seqs follow the order of the frames, also
     * across runs of two topics, with a key repeated in the burst (a duplicate), a key reused for
     * another payload (a conflict) and a key reused for the other topic (a conflict) among them. What
     * waited in the lane is committed together whatever its topics: some transaction holds events of
     * both.
     */
    @Test
    void aBurstOfOneConnectionIsCommittedInOrderWithAnAnswerEach() throws Exception {
        String a = Topics.unique("ws-burst-a");
        String b = Topics.unique("ws-burst-b");
        int frames = 50;
        try (SurewireClient publisher = connect("ws-burst")) {
            for (int i = 0; i < frames; i++) {
                String topic = i / 5 % 2 == 0 ? a : b;
                // 17 repeats 16 (same payload), 33 reuses 31's key for another payload: each in its run;
                // 45 reuses 40's key on the other topic
                String key = i == 17 ? "k-16" : i == 33 ? "k-31" : i == 45 ? "k-40" : "k-" + i;
                int payload = i == 33 ? -1 : i == 17 ? 16 : i;
                publisher.send(SurewireClient.frame("publish").add("topic", topic).add("client_msg_id", key)
                        .add("payload", payload).add("request_id", "r" + i).build());
            }
            Map<String, Long> seqOfKey = new HashMap<>();
            Map<String, Long> next = new HashMap<>(Map.of(a, 1L, b, 1L));
            for (int i = 0; i < frames; i++) {
                JsonObject answer = publisher.await(Frames.ofType("receipt").or(Frames.ofType("error")), WAIT);
                assertEquals("r" + i, answer.getString("request_id"), "answers in the order sent");
                String topic = i / 5 % 2 == 0 ? a : b;
                if (i == 33 || i == 45) {
                    assertEquals("error", Frames.type(answer), i == 33 ? "k-31 again with another payload"
                            : "k-40 again for another topic");
                    assertEquals("bad_frame", answer.getString("code"));
                    continue;
                }
                assertEquals("receipt", Frames.type(answer), answer.toString());
                assertEquals(topic, answer.getString("topic"));
                long seq = answer.getJsonNumber("seq").longValue();
                if (i == 17) {
                    assertTrue(answer.getBoolean("duplicate"), "k-16 again with the same payload");
                    assertEquals(seqOfKey.get("k-16"), seq);
                    continue;
                }
                assertFalse(answer.getBoolean("duplicate"));
                assertEquals(next.get(topic), seq, "seqs of " + topic + " in the order of the frames");
                next.merge(topic, 1L, Long::sum);
                seqOfKey.put(answer.getString("client_msg_id"), seq);
            }
            Map<Long, JsonValue> committedA = DeliveryCheck.committed(a);
            Map<Long, JsonValue> committedB = DeliveryCheck.committed(b);
            assertEquals(next.get(a) - 1, committedA.size());
            assertEquals(next.get(b) - 1, committedB.size());
            assertEquals(frames - 3, committedA.size() + committedB.size(), "one event per publish but the three repeats");
            assertEquals(Json.createValue(0), committedA.get(1L));
            assertEquals(Json.createValue(49), committedB.get(committedB.size() + 0L));
            assertTrue(transactionsWithBoth(a, b) > 0, "a batch of the lane spans both topics in one transaction");
        }
    }

    /** How many transactions committed events of both topics (PostgreSQL's {@code xmin} of the rows). */
    private static long transactionsWithBoth(String a, String b) throws SQLException {
        return Postgres.number("SELECT count(*) FROM (SELECT xmin::text FROM sw_event WHERE topic IN (?, ?)"
                + " GROUP BY xmin::text HAVING count(DISTINCT topic) = 2) t", a, b);
    }

    @Test
    void aKeyUsedForAnotherTopicIsRefused() {
        try (SurewireClient publisher = connect("ws-conflict")) {
            publisher.publish(Topics.unique("ws-conflict-a"), Json.createValue(1), "k");
            publisher.await("receipt", WAIT);
            publisher.publish(Topics.unique("ws-conflict-b"), Json.createValue(1), "k");
            JsonObject error = publisher.await(Frames.ofType("error").or(Frames.ofType("receipt")), WAIT);
            assertEquals("error", Frames.type(error));
            assertEquals("bad_frame", error.getString("code"));
        }
    }

    private SurewireClient connect(String clientId) {
        return Endpoints.connected(base, clientId);
    }
}
