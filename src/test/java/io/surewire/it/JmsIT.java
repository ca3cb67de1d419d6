package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.SurewireClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * JMS in (the publish queue, consumed in the transaction that appends) and out (the events topic,
 * written in the appending transaction): redelivery after a database failure, the DLQ for poison,
 * and nothing outbound from a rollback.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JmsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.withHooks(Map.of());
    }

    @ArquillianResource
    URL base;

    @Test
    void aMessageOnThePublishQueueReachesWebSocketClients() {
        String topic = Topics.unique("jms-in");
        try (SurewireClient client = subscribed("jms-in-client", topic)) {
            send("{\"topic\":\"" + topic + "\",\"payload\":{\"from\":\"jms\"},\"idempotency_key\":\"" + UUID.randomUUID() + "\"}");
            JsonObject event = client.await(Frames.ofType("event"), WAIT);
            assertEquals(1, Frames.seq(event));
            assertEquals("jms", event.getJsonObject("payload").getString("from"));
        }
    }

    @Test
    void aDatabaseFailureInTheConsumingTransactionIsRedeliveredThenAppendedOnce() throws Exception {
        String topic = Topics.unique("jms-redelivery");
        String marker = "fail-once-" + UUID.randomUUID().toString().substring(0, 8);
        failFirstInsertContaining(marker);
        try (SurewireClient client = subscribed("jms-redelivery-client", topic)) {
            send("{\"topic\":\"" + topic + "\",\"payload\":{\"marker\":\"" + marker + "\"},\"idempotency_key\":\"" + marker + "\"}");
            JsonObject event = client.await(Frames.ofType("event"), WAIT);
            assertEquals(marker, event.getJsonObject("payload").getString("marker"));
            assertEquals(1, Frames.seq(event));

            Hooks.commit(base, topic, "{\"after\":true}");
            client.await(Frames.event(topic, 2), WAIT);
            assertEquals(List.of(1L, 2L), Frames.seqs(client.history(), topic), "delivered exactly once");
        }
        assertEquals(2, Postgres.number("SELECT last_value FROM " + sequenceOf(marker)),
                "two inserts: the first failed in the database, the redelivered message's succeeded");
        assertEquals(2, DeliveryCheck.committed(topic).size());
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterQueueAndTheServerCarriesOn() {
        String marker = "poison-" + UUID.randomUUID();
        send("{\"this is\": not json " + marker);
        Awaitility.await().atMost(WAIT).until(() -> Hooks.jsonArray(
                Endpoints.get(base, "/api/it/jms/dlq?marker=" + marker).body()).size() == 1);

        String topic = Topics.unique("jms-after-poison");
        try (SurewireClient client = subscribed("jms-after-poison", topic)) {
            send("{\"topic\":\"" + topic + "\",\"payload\":1}");
            assertEquals(1, Frames.seq(client.await(Frames.ofType("event"), WAIT)));
        }
        assertEquals(200, Endpoints.get(base, "/api/health").statusCode());
    }

    /** Regression: the JMS path took any payload size, where HTTP refuses over the limit. */
    @Test
    void aPayloadOverTheLimitIsDeadLetteredAndNothingIsAppended() throws Exception {
        String topic = Topics.unique("jms-too-big");
        String marker = "too-big-" + UUID.randomUUID();
        send("{\"topic\":\"" + topic + "\",\"payload\":\"" + marker + "x".repeat(70_000) + "\"}");
        Awaitility.await().atMost(WAIT).until(() -> Hooks.jsonArray(
                Endpoints.get(base, "/api/it/jms/dlq?marker=" + marker).body()).size() == 1);
        assertEquals(0, DeliveryCheck.committed(topic).size());
    }

    /**
     * Regression: a few seconds of database restart dead-lettered every message consumed meanwhile
     * (5 attempts 200 ms apart). The database is away for 5 s (the fault), then back: the message is
     * appended once, and not dead-lettered.
     */
    @Test
    void aDatabaseOutageOfSecondsDoesNotDeadLetterTheMessage() throws Exception {
        String topic = Topics.unique("jms-outage");
        String marker = "outage-" + UUID.randomUUID();
        Postgres.takeDown();
        try {
            send("{\"topic\":\"" + topic + "\",\"payload\":{\"marker\":\"" + marker + "\"},\"idempotency_key\":\""
                    + marker + "\"}");
            Thread.sleep(5_000); // the fault: the database stays away while the message is tried
        } finally {
            Postgres.bringBack();
        }
        Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> DeliveryCheck.committed(topic).size() == 1);
        assertEquals(0, Hooks.jsonArray(Endpoints.get(base, "/api/it/jms/dlq?marker=" + marker).body()).size(),
                "dead-lettered during the outage");
    }

    @Test
    void theEventsTopicCarriesCommittedEventsAndNothingThatRolledBack() {
        String topic = Topics.unique("jms-out");
        Hooks.commit(base, topic, "{\"n\":1}");
        Hooks.rollBackByException(base, topic, "{\"rolled_back\":\"by exception\"}");
        Hooks.rollBackByMark(base, topic, "{\"rolled_back\":\"by mark\"}");
        Hooks.commit(base, topic, "{\"n\":2}");

        Awaitility.await().atMost(WAIT).until(() -> received(topic).size() >= 2);
        JsonArray received = received(topic);
        assertEquals(2, received.size(), received.toString());
        for (int i = 0; i < 2; i++) {
            JsonObject event = Hooks.json(received.getString(i));
            assertEquals(i + 1, event.getJsonNumber("seq").longValue());
            assertEquals(i + 1, event.getJsonObject("payload").getInt("n"));
        }
        assertFalse(received.toString().contains("rolled_back"));
    }

    /** The relay follows the committed log: an event whose after-commit notification never came still goes out, in order. */
    @Test
    void theEventsTopicCarriesAnEventCommittedWithoutALiveNotification() {
        String topic = Topics.unique("jms-silent");
        Hooks.commit(base, topic, "{\"n\":1}");
        Awaitility.await().atMost(WAIT).until(() -> received(topic).size() >= 1);
        long silent = Hooks.silentAppend(base, topic);
        Hooks.commit(base, topic, "{\"n\":3}");

        Awaitility.await().atMost(WAIT).until(() -> received(topic).size() >= 3);
        JsonArray received = received(topic);
        assertEquals(3, received.size(), received.toString());
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, Hooks.json(received.getString(i)).getJsonNumber("seq").longValue(), received.toString());
        }
        assertTrue(Hooks.json(received.getString((int) silent - 1)).getJsonObject("payload").getBoolean("silent"));
    }

    private JsonArray received(String topic) {
        return Hooks.jsonArray(Endpoints.get(base, "/api/it/jms/events?topic=" + topic).body());
    }

    private void send(String text) {
        HttpResponse<String> response = Endpoints.post(base, "/api/it/jms/send", text);
        assertEquals(202, response.statusCode(), response.body());
    }

    /**
     * A real database failure: a trigger fails the first insert of an event containing the marker.
     * Its count is a sequence, which a rollback does not undo.
     */
    private static void failFirstInsertContaining(String marker) throws Exception {
        String sequence = sequenceOf(marker);
        try (Connection connection = Postgres.connect(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE SEQUENCE " + sequence);
            sql.execute("CREATE OR REPLACE FUNCTION " + sequence + "_fn() RETURNS trigger AS $$ BEGIN "
                    + "IF NEW.payload LIKE '%" + marker + "%' AND nextval('" + sequence + "') = 1 THEN "
                    + "RAISE EXCEPTION 'injected failure for " + marker + "'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
            sql.execute("CREATE TRIGGER " + sequence + "_trg BEFORE INSERT ON sw_event FOR EACH ROW EXECUTE FUNCTION "
                    + sequence + "_fn()");
        }
        assertTrue(Postgres.number("SELECT COUNT(*) FROM pg_trigger WHERE tgname = ?", sequence + "_trg") == 1);
    }

    private static String sequenceOf(String marker) {
        return "it_" + marker.replace('-', '_');
    }

    private SurewireClient subscribed(String clientId, String topic) {
        SurewireClient client = Endpoints.connected(base, clientId);
        client.subscribe(topic);
        client.await("subscribed", WAIT);
        return client;
    }
}
