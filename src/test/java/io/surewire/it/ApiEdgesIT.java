package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.SurewireClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The API's edges: a careless caller gets a clear 4xx, and what is stored is the same instant everywhere. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ApiEdgesIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.withHooks(java.util.Map.of("surewire.poll.max-waiting", "3"));
    }

    @ArquillianResource
    URL base;

    /** Regression: a date past year 9999 answered 500 with a SEVERE stack trace. */
    @Test
    void datesOutsideTheYearsOneTo9999AreBadRequests() {
        for (String date : List.of("+10000-01-01", "+999999999-12-31", "0000-01-01", "-0001-01-01", "2026-02-30")) {
            HttpResponse<String> added = Endpoints.post(base, "/api/appointments",
                    "{\"date\":\"" + date + "\",\"time\":\"09:00\",\"patient\":\"Ada\"}");
            assertBadRequest(added, date);
            assertBadRequest(Endpoints.get(base, "/api/appointments?date=" + java.net.URLEncoder.encode(date,
                    java.nio.charset.StandardCharsets.UTF_8)), date);
        }
        HttpResponse<String> last = Endpoints.get(base, "/api/appointments?date=9999-12-31");
        assertEquals(200, last.statusCode(), last.body());
    }

    /**
     * Regression: timestamps were written in the JVM's zone. The integration server runs in a zone
     * far from UTC (see the build), so the stored wall clock must still be the event's UTC time.
     */
    @Test
    void anEventsTimestampIsStoredAsItsUtcWallClock() throws Exception {
        String topic = Topics.unique("utc");
        try (SurewireClient client = Endpoints.connected(base, "utc-reader")) {
            client.subscribe(topic);
            client.await("subscribed", WAIT);
            long seq = Hooks.commit(base, topic, "{}");
            Instant ts = Instant.parse(client.await(Frames.event(topic, seq), WAIT).getString("ts"));

            try (Connection db = Postgres.connect();
                 PreparedStatement read = db.prepareStatement("SELECT ts FROM sw_event WHERE topic = ? AND seq = ?")) {
                read.setString(1, topic);
                read.setLong(2, seq);
                try (ResultSet row = read.executeQuery()) {
                    row.next();
                    LocalDateTime stored = row.getObject(1, LocalDateTime.class);
                    // the frame carries milliseconds, the column microseconds: equal to the millisecond,
                    // where a zone's offset would be hours
                    Duration apart = Duration.between(LocalDateTime.ofInstant(ts, ZoneOffset.UTC), stored).abs();
                    assertTrue(apart.compareTo(Duration.ofMillis(1)) <= 0,
                            "the row holds the UTC wall clock of the event's ts " + ts + ", not " + stored);
                }
            }
        }
    }

    /**
     * Regression: a key sent again with another payload was answered as a duplicate of the first,
     * and a refusal named the topic the key was first used for (another publisher's, in a shared scope).
     */
    @Test
    void anIdempotencyKeySentAgainWithAnotherPayloadIsRefusedWithoutNamingTheFirstTopic() throws Exception {
        String topic = Topics.unique("idem-payload");
        String key = "key-" + java.util.UUID.randomUUID();
        HttpResponse<String> first = publish(topic, "{\"amount\":10}", key);
        assertEquals(201, first.statusCode(), first.body());
        HttpResponse<String> same = publish(topic, "{\"amount\":10}", key);
        assertEquals(201, same.statusCode(), same.body());
        assertTrue(json(same.body()).getBoolean("duplicate"));

        HttpResponse<String> otherPayload = publish(topic, "{\"amount\":99}", key);
        assertEquals(422, otherPayload.statusCode(), otherPayload.body());
        assertEquals("idempotency_key_reused", json(otherPayload.body()).getString("code"));

        HttpResponse<String> otherTopic = publish(Topics.unique("idem-elsewhere"), "{\"amount\":10}", key);
        assertEquals(422, otherTopic.statusCode(), otherTopic.body());
        assertFalse(otherTopic.body().contains(topic), "the refusal names the first topic: " + otherTopic.body());
        assertEquals(1, DeliveryCheck.committed(topic).size(), "one event under the key");
    }

    @Test
    void aClientMsgIdSentAgainWithAnotherPayloadIsRefusedOverWebSocket() {
        String topic = Topics.unique("idem-ws");
        try (SurewireClient client = Endpoints.connected(base, "idem-ws-client")) {
            client.send(SurewireClient.frame("publish").add("topic", topic).add("payload", 1)
                    .add("client_msg_id", "m-1").add("request_id", "first").build());
            assertEquals("receipt", Frames.type(client.await(f -> "first".equals(f.getString("request_id", null)), WAIT)));
            client.send(SurewireClient.frame("publish").add("topic", topic).add("payload", 2)
                    .add("client_msg_id", "m-1").add("request_id", "second").build());
            JsonObject refused = client.await(f -> "second".equals(f.getString("request_id", null)), WAIT);
            assertEquals("error", Frames.type(refused), refused.toString());
            assertEquals("bad_frame", refused.getString("code"));
        }
    }

    /** Regression: the number of waiting long-polls had no bound. */
    @Test
    void longPollsBeyondTheLimitAreAnswered503WithRetryAfterAndTheOthersStillGetTheirEvent() throws Exception {
        String topic = Topics.unique("polls");
        String path = "/api/v1/topics/" + topic + "/events?since=0&wait=25";
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> Endpoints.get(base, path)));
        }
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> json(Endpoints.get(base, "/api/websocket/metrics")
                .body()).getInt("long_polls_waiting") == 3);

        HttpResponse<String> refused = Endpoints.get(base, path);
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("unavailable", json(refused.body()).getString("code"));
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));

        Hooks.commit(base, topic, "{}");
        for (var poll : waiting) {
            HttpResponse<String> answer = poll.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(1, json(answer.body()).getJsonArray("events").size());
        }
        HttpResponse<String> again = Endpoints.get(base, "/api/v1/topics/" + topic + "/events?since=0&wait=1");
        assertEquals(200, again.statusCode(), "room again once the polls were answered: " + again.body());
    }

    /** Regression: nodes starting together each seeded the same day: twice the appointments. */
    @Test
    void nodesSeedingTheSameDayAtOnceSeedItOnce() throws Exception {
        String day = java.time.LocalDate.of(3000 + (int) Math.floorMod(System.nanoTime(), 5000L), 1, 1).toString();
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> seeding = new java.util.ArrayList<>();
        for (int node = 0; node < 6; node++) {
            seeding.add(java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> Endpoints.post(base, "/api/it/seed?date=" + day, "")));
        }
        int added = 0;
        for (var seed : seeding) {
            HttpResponse<String> answer = seed.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode(), answer.body());
            added += json(answer.body()).getInt("added");
        }
        HttpResponse<String> board = Endpoints.get(base, "/api/appointments?date=" + day);
        int appointments = json(board.body()).getJsonArray("appointments").size();
        assertEquals(appointments, added, "what was added is what the board has");
        assertEquals(8, appointments, "the day was seeded once: " + board.body());
    }

    private HttpResponse<String> publish(String topic, String body, String key) {
        return Endpoints.send(java.net.http.HttpRequest.newBuilder(Endpoints.http(base, "/api/v1/topics/" + topic + "/events"))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    private static void assertBadRequest(HttpResponse<String> response, String date) {
        assertEquals(400, response.statusCode(), date + ": " + response.body());
        JsonObject error = json(response.body());
        assertEquals("bad_request", error.getString("code"), response.body());
        assertFalse(error.getString("message").isBlank());
    }

    private static JsonObject json(String body) {
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }
}
