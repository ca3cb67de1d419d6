package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.SurewireClient;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PROTOCOL §3: gapless per-topic seqs in commit order, and nothing sent for a transaction that rolls back. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@Tag("h2")
class OrderingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.withHooks(Map.of());
    }

    @ArquillianResource
    URL base;

    @Test
    void concurrentCommitsArriveGaplessAndInOrder() throws Exception {
        String topic = Topics.unique("ordering");
        try (SurewireClient client = subscribed("ordering-gapless", topic)) {
            ExecutorService publishers = Executors.newFixedThreadPool(4);
            List<CompletableFuture<Long>> seqs = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                int n = i;
                seqs.add(CompletableFuture.supplyAsync(() -> Hooks.commit(base, topic, "{\"n\":" + n + "}"), publishers));
            }
            List<Long> taken = seqs.stream().map(CompletableFuture::join).sorted().toList();
            publishers.shutdown();
            assertEquals(LongStream.rangeClosed(1, 60).boxed().toList(), taken, "every commit took the next seq");

            List<Long> received = new ArrayList<>();
            long epoch = -1;
            while (received.size() < 60) {
                JsonObject event = client.await(Frames.ofType("event"), WAIT);
                received.add(Frames.seq(event));
                epoch = epoch == -1 ? event.getJsonNumber("epoch").longValue() : epoch;
                assertEquals(epoch, event.getJsonNumber("epoch").longValue());
                assertEquals(0, event.getInt("redelivery"));
                assertTrue(event.getBoolean("requires_ack"));
                assertEquals(36, event.getString("id").length());
                client.ack(topic, Frames.seq(event));
            }
            assertEquals(LongStream.rangeClosed(1, 60).boxed().toList(), received, "gapless and in seq order");
        }
    }

    @Test
    void aRollbackByExceptionSendsNothingAndGivesItsSeqBack() {
        String topic = Topics.unique("rollback-exception");
        try (SurewireClient client = subscribed("ordering-rollback-exception", topic)) {
            assertEquals(1, Hooks.commit(base, topic, "{\"kept\":1}"));
            assertEquals(2, Hooks.rollBackByException(base, topic, "{\"rolled_back\":true}"));
            assertEquals(2, Hooks.commit(base, topic, "{\"kept\":2}"), "the next commit takes the rolled-back seq");

            assertCommittedOnly(client, topic);
        }
    }

    @Test
    void aRollbackByMarkSendsNothingAndGivesItsSeqBack() {
        String topic = Topics.unique("rollback-mark");
        try (SurewireClient client = subscribed("ordering-rollback-mark", topic)) {
            assertEquals(1, Hooks.commit(base, topic, "{\"kept\":1}"));
            assertEquals(2, Hooks.rollBackByMark(base, topic, "{\"rolled_back\":true}"));
            assertEquals(2, Hooks.commit(base, topic, "{\"kept\":2}"), "the next commit takes the rolled-back seq");

            assertCommittedOnly(client, topic);
        }
    }

    /** Events of one connection arrive in seq order: once seq 2 is here, a rolled-back send would have shown. */
    private static void assertCommittedOnly(SurewireClient client, String topic) {
        JsonObject first = client.await(Frames.ofType("event"), WAIT);
        JsonObject second = client.await(Frames.ofType("event"), WAIT);
        assertEquals(1, first.getJsonObject("payload").getInt("kept"));
        assertEquals(2, second.getJsonObject("payload").getInt("kept"));
        assertEquals(List.of(1L, 2L), Frames.seqs(client.history(), topic));
        assertFalse(client.history().toString().contains("rolled_back"), "a rolled-back event was sent");
    }

    private SurewireClient subscribed(String clientId, String topic) {
        SurewireClient client = SurewireClient.connect(Endpoints.webSocket(base), clientId);
        client.await("hello", WAIT);
        client.subscribe(topic);
        JsonObject subscribed = client.await("subscribed", WAIT);
        assertEquals(0, subscribed.getJsonNumber("last_seq").longValue());
        return client;
    }
}
