package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.surewire.client.SurewireClient;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PROTOCOL §4 with a 2 s ack timeout: resends with growing redelivery, none after an ack, failure and 4408. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@Tag("h2")
class AckRetryIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.withHooks(Map.of("surewire.ack.timeout-ms", "2000", "surewire.ack.max-retries", "3"));
    }

    @ArquillianResource
    URL base;

    @Test
    void unacknowledgedEventsAreResentInOrderThenRecordedAsFailedAndClosedWith4408() throws Exception {
        String topic = Topics.unique("retry");
        try (SurewireClient silent = subscribed("retry-silent", topic)) {
            Hooks.commit(base, topic, "{\"n\":1}");
            Hooks.commit(base, topic, "{\"n\":2}");

            for (int redelivery = 0; redelivery <= 3; redelivery++) {
                for (long seq = 1; seq <= 2; seq++) {
                    JsonObject event = silent.await(Frames.ofType("event"), WAIT);
                    assertEquals(seq, Frames.seq(event), "in order, send " + redelivery);
                    assertEquals(redelivery, event.getInt("redelivery"));
                }
            }
            SurewireClient.Closed closed = silent.awaitClose(WAIT);
            assertEquals(4408, closed.code(), closed.toString());
            assertEquals(8, Frames.seqs(silent.history(), topic).size(), "one send and three retries of each event");
        }
        Awaitility.await().atMost(WAIT).until(() -> Database.number(base,
                "SELECT COUNT(*) FROM sw_delivery_failure WHERE client_id = ? AND topic = ? AND from_seq = 1 AND to_seq = 2",
                "retry-silent", topic) == 1);
    }

    @Test
    void anAcknowledgedEventIsNotResent() {
        String topic = Topics.unique("acked");
        try (SurewireClient acking = subscribed("retry-acking", topic);
             SurewireClient silent = subscribed("retry-witness", topic)) {
            Hooks.commit(base, topic, "{}");
            acking.ack(topic, Frames.seq(acking.await(Frames.ofType("event"), WAIT)));

            // the witness gets two retries of the same event: the retry schedule ran past the deadline twice
            silent.await(f -> "event".equals(Frames.type(f)) && f.getInt("redelivery") == 2, WAIT);
            acking.ping(1);
            acking.await("pong", WAIT);
            assertEquals(List.of(1L), Frames.seqs(acking.history(), topic), "the acknowledged event came once");
        }
    }

    @Test
    void anAckAfterARetryStopsTheRetries() {
        String topic = Topics.unique("late-ack");
        try (SurewireClient late = subscribed("retry-late", topic);
             SurewireClient silent = subscribed("retry-late-witness", topic)) {
            Hooks.commit(base, topic, "{}");
            late.await(f -> "event".equals(Frames.type(f)) && f.getInt("redelivery") == 1, WAIT);
            late.ack(topic, 1);

            silent.await(f -> "event".equals(Frames.type(f)) && f.getInt("redelivery") == 3, WAIT);
            late.ping(2);
            late.await("pong", WAIT);
            assertEquals(List.of(1L, 1L), Frames.seqs(late.history(), topic), "the first send and one retry, no more");
            assertEquals(true, late.isOpen());
        }
    }

    @Test
    void aCumulativeAckCoversEveryEarlierEvent() {
        String topic = Topics.unique("cumulative");
        try (SurewireClient client = subscribed("retry-cumulative", topic);
             SurewireClient silent = subscribed("retry-cumulative-witness", topic)) {
            for (int i = 0; i < 5; i++) {
                Hooks.commit(base, topic, "{}");
            }
            client.await(Frames.event(topic, 5), WAIT);
            client.ack(topic, 5);
            silent.await(f -> "event".equals(Frames.type(f)) && f.getInt("redelivery") == 2, WAIT);
            client.ping(3);
            client.await("pong", WAIT);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), Frames.seqs(client.history(), topic));
        }
    }

    private SurewireClient subscribed(String clientId, String topic) {
        SurewireClient client = Endpoints.connected(base, clientId);
        client.subscribe(topic);
        client.await("subscribed", WAIT);
        return client;
    }
}
