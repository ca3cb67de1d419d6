package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.SurewireClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Delivery that needs no next commit, a close that does not depend on the database, a reset that
 * moves the cursor, bounded publishes, and a failed subscribe that costs nothing: each by breaking it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HardeningIT {

    private static final Logger LOG = Logger.getLogger(HardeningIT.class.getName());
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.withHooks(Map.of(
                "surewire.ack.timeout-ms", "1500",
                "surewire.ack.max-retries", "1",
                "surewire.publish.max-pending-per-connection", "2",
                "surewire.subscriptions.max-per-connection", "2"));
    }

    @ArquillianResource
    URL base;

    /** Regression: an event committed without a live notification waited for the topic's next commit. */
    @Test
    void anEventCommittedWithoutALiveNotificationArrivesWithNoFurtherCommit() {
        String topic = Topics.unique("silent");
        Hooks.commit(base, topic, "{\"n\":1}");
        try (SurewireClient client = Endpoints.connected(base, "silent-reader")) {
            client.subscribe(topic, 1);
            client.await(f -> "replayed".equals(Frames.type(f)), WAIT);

            long started = System.nanoTime();
            long seq = Hooks.silentAppend(base, topic);
            JsonObject event = client.await(Frames.event(topic, seq), WAIT);
            LOG.info(() -> "an event with no live notification arrived after "
                    + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
            assertEquals(0, event.getInt("redelivery"));
            assertEquals(2, seq);
            client.ack(topic, seq);

            // the live path still works after it, in order
            long next = Hooks.commit(base, topic, "{\"n\":3}");
            client.await(Frames.event(topic, next), WAIT);
            client.ack(topic, next);
            assertEquals(List.of(2L, 3L), Frames.seqs(client.history(), topic), "each event once, in order");
        }
    }

    /** Regression: a waiting long-poll was woken only by live events; a silent commit left it waiting to its timeout. */
    @Test
    void aWaitingLongPollIsAnsweredWithAnEventCommittedWithoutALiveNotification() throws Exception {
        String topic = Topics.unique("silent-poll");
        Hooks.commit(base, topic, "{\"n\":1}");
        int waitingBefore = metrics().getInt("long_polls_waiting");
        CompletableFuture<HttpResponse<String>> poll = CompletableFuture.supplyAsync(() -> Endpoints.get(base,
                "/api/v1/topics/" + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "/events?since=1&wait=25"));
        Awaitility.await().atMost(WAIT).until(() -> metrics().getInt("long_polls_waiting") > waitingBefore);

        long seq = Hooks.silentAppend(base, topic);

        HttpResponse<String> answer = poll.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonObject body = json(answer.body());
        assertEquals(1, body.getJsonArray("events").size(), answer.body());
        assertEquals(seq, body.getJsonArray("events").getJsonObject(0).getJsonNumber("seq").longValue());
    }

    /** Regression: when the failure could not be written, the close never came and the retries went on. */
    @Test
    void aConnectionWhoseRetriesRunOutIsClosedWith4408EvenWhenTheFailureCannotBeWritten() throws Exception {
        String topic = Topics.unique("unwritable");
        String client = "unwritable-failure";
        try (Connection db = Postgres.connect(); Statement sql = db.createStatement()) {
            sql.execute("CREATE OR REPLACE FUNCTION sw_it_refuse() RETURNS trigger AS $$ BEGIN"
                    + " RAISE EXCEPTION 'delivery failures refused on purpose'; END $$ LANGUAGE plpgsql");
            sql.execute("CREATE TRIGGER sw_it_refuse_failures BEFORE INSERT ON sw_delivery_failure"
                    + " FOR EACH ROW EXECUTE FUNCTION sw_it_refuse()");
            try (SurewireClient silent = Endpoints.connected(base, client)) {
                silent.subscribe(topic);
                silent.await("subscribed", WAIT);
                Hooks.commit(base, topic, "{}");

                SurewireClient.Closed closed = silent.awaitClose(WAIT);
                assertEquals(4408, closed.code(), closed.toString());
                assertEquals(List.of(), silent.history().stream().filter(Frames.ofType("error")).toList(),
                        "no error reached the client");
            }
            Awaitility.await().atMost(WAIT).until(() -> metrics().getInt("failures_unwritten") >= 1);
            assertEquals(0, failuresOf(client), "the database refused the row");
        } finally {
            try (Connection db = Postgres.connect(); Statement sql = db.createStatement()) {
                sql.execute("DROP TRIGGER IF EXISTS sw_it_refuse_failures ON sw_delivery_failure");
            }
        }
        Awaitility.await().atMost(WAIT).until(() -> failuresOf(client) == 1);
        Awaitility.await().atMost(WAIT).until(() -> metrics().getInt("failures_unwritten") == 0);
        assertEquals(0, metrics().getInt("failures_dropped"));
    }

    /** Regression: a client that reconnected without since after a reset was reset again and again. */
    @Test
    void aResetMovesTheDurableCursorSoTheNextSubscribeWithoutSinceIsNotResetAgain() {
        String topic = Topics.unique("reset-cursor");
        String clientId = "reset-cursor-client";
        try (SurewireClient client = Endpoints.connected(base, clientId)) {
            client.subscribe(topic);
            client.await("subscribed", WAIT);
            Hooks.commit(base, topic, "{}");
            Hooks.commit(base, topic, "{}");
            client.await(Frames.event(topic, 2), WAIT);
            client.ack(topic, 2);
            witness(client);
        }
        for (int n = 3; n <= 10; n++) {
            Hooks.commit(base, topic, "{}");
        }
        Hooks.purgeThrough(base, topic, 5);

        try (SurewireClient client = Endpoints.connected(base, clientId)) {
            client.subscribe(topic);
            JsonObject reset = client.await("reset", WAIT);
            assertEquals("retention", reset.getString("reason"));
            assertEquals(10, reset.getJsonNumber("last_seq").longValueExact());
        }
        try (SurewireClient client = Endpoints.connected(base, clientId)) {
            client.subscribe(topic);
            client.await("subscribed", WAIT);
            witness(client);
            assertFalse(client.history().stream().anyMatch(Frames.ofType("reset")), "reset a second time");

            long next = Hooks.commit(base, topic, "{}");
            client.await(Frames.event(topic, next), WAIT);
            assertEquals(List.of(11L), Frames.seqs(client.history(), topic), "it continues after the reset's last_seq");
        }
    }

    /**
     * Regression: a connection's publishes queued without bound, each waiting on the topic's lock.
     * With two allowed to wait, the rest are refused at once with {@code unavailable}; deliveries to
     * others go on meanwhile; once the lock is free every publish has had exactly one answer.
     */
    @Test
    void publishesBeyondTheConnectionsLimitAreRefusedAtOnceAndNothingWaitsForever() throws Exception {
        String locked = Topics.unique("locked");
        String other = Topics.unique("unlocked");
        Hooks.commit(base, locked, "{}");
        try (SurewireClient publisher = Endpoints.connected(base, "busy-publisher");
             SurewireClient reader = Endpoints.connected(base, "other-reader");
             Connection db = Postgres.connect()) {
            reader.subscribe(other);
            reader.await("subscribed", WAIT);
            db.setAutoCommit(false);
            try (PreparedStatement lock = db.prepareStatement("SELECT last_seq FROM sw_topic WHERE name = ? FOR UPDATE")) {
                lock.setString(1, locked);
                lock.executeQuery().close();
            }

            for (int n = 1; n <= 6; n++) {
                publisher.send(SurewireClient.frame("publish").add("topic", locked).add("payload", n)
                        .add("client_msg_id", "p" + n).add("request_id", "r" + n).build());
            }
            for (int n = 3; n <= 6; n++) {
                String requestId = "r" + n;
                JsonObject refused = publisher.await(f -> requestId.equals(f.getString("request_id", null)), WAIT);
                assertEquals("error", Frames.type(refused), refused.toString());
                assertEquals("unavailable", refused.getString("code"));
            }
            long delivered = Hooks.commit(base, other, "{}");
            reader.await(Frames.event(other, delivered), WAIT);

            db.rollback();
            Map<String, JsonObject> answers = new HashMap<>();
            for (int n = 1; n <= 2; n++) {
                String requestId = "r" + n;
                answers.put(requestId, publisher.await(f -> requestId.equals(f.getString("request_id", null)), WAIT));
            }
            answers.values().forEach(answer -> assertTrue(
                    "receipt".equals(Frames.type(answer)) || "unavailable".equals(answer.getString("code", null)),
                    answer::toString));

            publisher.send(SurewireClient.frame("publish").add("topic", locked).add("payload", 3)
                    .add("client_msg_id", "p3").add("request_id", "again").build());
            JsonObject receipt = publisher.await(f -> "again".equals(f.getString("request_id", null)), WAIT);
            assertEquals("receipt", Frames.type(receipt), receipt.toString());
            assertFalse(receipt.getBoolean("duplicate"), "the refused publish was never committed");
            witness(publisher);
            for (int n = 1; n <= 6; n++) {
                String requestId = "r" + n;
                assertEquals(1, publisher.history().stream()
                        .filter(f -> requestId.equals(f.getString("request_id", null))).count(),
                        "one answer to " + requestId);
            }
        }
    }

    /** Regression: a subscribe that failed (the log unreadable) still counted against the topic limit. */
    @Test
    void aSubscribeThatFailsDoesNotCountAgainstTheTopicLimit() throws Exception {
        try (SurewireClient client = Endpoints.connected(base, "failed-subscribe")) {
            try (Connection db = Postgres.connect(); Statement sql = db.createStatement()) {
                sql.execute("ALTER TABLE sw_topic RENAME TO sw_topic_away");
                try {
                    client.send(SurewireClient.frame("subscribe").add("topic", Topics.unique("away"))
                            .add("request_id", "fails").build());
                    JsonObject error = client.await(f -> "fails".equals(f.getString("request_id", null)), WAIT);
                    assertEquals("error", Frames.type(error), error.toString());
                    assertEquals("unavailable", error.getString("code"));
                } finally {
                    sql.execute("ALTER TABLE sw_topic_away RENAME TO sw_topic");
                }
            }
            for (String requestId : List.of("first", "second")) {
                client.send(SurewireClient.frame("subscribe").add("topic", Topics.unique(requestId))
                        .add("request_id", requestId).build());
                JsonObject answer = client.await(f -> requestId.equals(f.getString("request_id", null)), WAIT);
                assertEquals("subscribed", Frames.type(answer), "the limit of 2 has room for two: " + answer);
            }
        }
    }

    /** A ping answered: everything the server sent before it has arrived. */
    private static void witness(SurewireClient client) {
        long ts = System.nanoTime();
        client.ping(ts);
        client.await(f -> "pong".equals(Frames.type(f)) && f.getJsonNumber("ts").longValue() == ts, WAIT);
    }

    private JsonObject metrics() {
        HttpResponse<String> response = Endpoints.get(base, "/api/websocket/metrics");
        assertEquals(200, response.statusCode(), response.body());
        return json(response.body());
    }

    private static long failuresOf(String clientId) throws Exception {
        return Postgres.number("SELECT COUNT(*) FROM sw_delivery_failure WHERE client_id = ?", clientId);
    }

    private static JsonObject json(String body) {
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }
}
