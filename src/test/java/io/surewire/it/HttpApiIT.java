package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.SurewireClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PROTOCOL §6: publish with Idempotency-Key, topic state, the long-poll fallback, fallback acks, bad input. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HttpApiIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        // one lane of the group commit: publishes to any topics that wait for it commit together
        return Deployments.withHooks(Map.of("surewire.publish.max-payload-bytes", "4096",
                "surewire.publish.group-commit.lanes", "1"));
    }

    @ArquillianResource
    URL base;

    @Test
    void aPublishIsAnswered201AfterTheCommitAndTheTopicTellsWhereItStands() {
        String topic = Topics.unique("http");
        assertEquals(0, state(topic).getJsonNumber("last_seq").longValue(), "an unknown topic reads as empty");
        assertEquals(0, state(topic).getJsonNumber("epoch").longValue());

        HttpResponse<String> first = publish(topic, "{\"n\":1}", null);
        assertEquals(201, first.statusCode(), first.body());
        JsonObject receipt = Hooks.json(first.body());
        assertEquals(topic, receipt.getString("topic"));
        assertEquals(1, receipt.getJsonNumber("seq").longValue());
        assertFalse(receipt.getBoolean("duplicate"));
        assertEquals(36, receipt.getString("id").length());
        publish(topic, "[1,2,3]", null);
        publish(topic, "\"just a string\"", null);

        JsonObject state = state(topic);
        assertEquals(3, state.getJsonNumber("last_seq").longValue());
        assertEquals(1, state.getJsonNumber("first_available_seq").longValue());
        assertEquals(receipt.getJsonNumber("epoch").longValue(), state.getJsonNumber("epoch").longValue());
        assertEquals(topic, state.getString("topic"));
    }

    /**
     * Concurrent publishes to one topic are committed together (group commit): each still gets a seq
     * of its own after the commit, a key sent twice at once is appended once, and a key reused for
     * another payload is refused without failing the publishes committed beside it.
     */
    @Test
    void concurrentPublishesToOneTopicEachGetTheirOwnSeqAndAKeyStillAppendsOnce() throws Exception {
        String topic = Topics.unique("http-group");
        int publishes = 48;
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < publishes; i++) {
            int n = i;
            // every third publish has a key, and each of those keys is sent twice at once
            String key = n % 3 == 0 ? "group-" + n / 6 : null;
            sent.add(CompletableFuture.supplyAsync(() -> publish(topic, "{\"n\":" + (key == null ? n : "\"" + key + "\"") + "}", key)));
        }
        sent.add(CompletableFuture.supplyAsync(() -> publish(topic, "{\"other\":true}", "group-0")));
        List<Long> seqs = new ArrayList<>();
        Map<String, List<JsonObject>> byKey = new java.util.HashMap<>();
        int refused = 0;
        for (int i = 0; i < sent.size(); i++) {
            HttpResponse<String> answer = sent.get(i).get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            if (answer.statusCode() == 422) {
                refused++;
                continue;
            }
            assertEquals(201, answer.statusCode(), answer.body());
            JsonObject receipt = Hooks.json(answer.body());
            String key = i < publishes && i % 3 == 0 ? "group-" + i / 6 : null;
            if (key != null) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(receipt);
            }
            if (!receipt.getBoolean("duplicate")) {
                seqs.add(receipt.getJsonNumber("seq").longValue());
            }
        }
        // whichever use of group-0 committed first stands: the other payload's, or the two of the pair
        assertTrue(refused == 1 || refused == 2, refused + " refused");
        byKey.forEach((key, receipts) -> assertEquals(1, receipts.stream()
                .map(r -> r.getJsonNumber("seq").longValue()).distinct().count(), key + ": " + receipts));
        java.util.Collections.sort(seqs);
        List<Long> expected = new ArrayList<>();
        for (long seq = 1; seq <= seqs.size(); seq++) {
            expected.add(seq);
        }
        assertEquals(expected, seqs, "one seq per appended publish, gapless");
        assertEquals(seqs.size(), DeliveryCheck.committed(topic).size());
    }

    /**
     * Publishes that wait for their lane's transaction commit together, whatever their topics: while a
     * publish leads the lane and waits for its topic's row (locked here), publishes to five other topics
     * queue behind it, and the next transaction commits them all, each with its own seq and answer (the
     * five topics are new: that transaction creates their rows too). A key sent twice among them is
     * appended once, a key used for two topics stands for one and is refused for the other, and neither
     * fails the publishes beside them.
     */
    @Test
    void publishesToSeveralTopicsThatWaitForTheirLaneCommitInOneTransaction() throws Exception {
        String held = Topics.unique("lane-held");
        assertEquals(201, publish(held, "{\"n\":0}", null).statusCode());
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            topics.add(Topics.unique("lane-" + i));
        }
        String run = held.substring(held.lastIndexOf('/') + 1);
        String both = "lane-both-" + run;
        String twice = "lane-twice-" + run;
        // topic 0 gets a key twice, topics 1 and 2 one key between them, topics 3 and 4 no key, 1 and 3 twice
        List<String[]> waiting = List.of(new String[] {topics.get(0), twice}, new String[] {topics.get(0), twice},
                new String[] {topics.get(1), both}, new String[] {topics.get(2), both},
                new String[] {topics.get(3), null}, new String[] {topics.get(3), null},
                new String[] {topics.get(4), null}, new String[] {topics.get(1), null});
        ExecutorService senders = Executors.newFixedThreadPool(waiting.size() + 1);
        try (Connection db = Postgres.connect()) {
            db.setAutoCommit(false);
            try (PreparedStatement lock = db.prepareStatement("SELECT last_seq FROM sw_topic WHERE name = ? FOR UPDATE")) {
                lock.setString(1, held);
                lock.executeQuery().close();
            }
            CompletableFuture<HttpResponse<String>> leader =
                    CompletableFuture.supplyAsync(() -> publish(held, "{\"n\":1}", null), senders);
            Awaitility.await().atMost(WAIT).until(() -> Postgres.blocksAnother(db));
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (String[] publish : waiting) {
                sent.add(CompletableFuture.supplyAsync(() -> publish(publish[0], "{\"to\":\"" + publish[0] + "\"}",
                        publish[1]), senders));
            }
            Awaitility.await().atMost(WAIT).until(() -> metrics().getInt("publishes_waiting") >= waiting.size());
            db.rollback();

            assertEquals(2, Hooks.json(leader.get(WAIT.toSeconds(), TimeUnit.SECONDS).body()).getJsonNumber("seq").longValue());
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> answer : sent) {
                answers.add(answer.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
            Map<String, List<Long>> seqs = new java.util.HashMap<>();
            int duplicates = 0;
            int refused = 0;
            for (HttpResponse<String> answer : answers) {
                if (answer.statusCode() == 422) {
                    assertEquals("idempotency_key_reused", Hooks.json(answer.body()).getString("code"));
                    refused++;
                    continue;
                }
                assertEquals(201, answer.statusCode(), answer.body());
                JsonObject receipt = Hooks.json(answer.body());
                if (receipt.getBoolean("duplicate")) {
                    duplicates++;
                } else {
                    seqs.computeIfAbsent(receipt.getString("topic"), t -> new ArrayList<>())
                            .add(receipt.getJsonNumber("seq").longValue());
                }
            }
            assertEquals(1, refused, "the key of topics 1 and 2 stands for one of them: " + answers);
            assertEquals(1, duplicates, "the key sent twice to topic 0: " + answers);
            assertEquals(Hooks.json(answers.get(0).body()).getString("id"), Hooks.json(answers.get(1).body()).getString("id"),
                    "both answers of the key sent twice name one event");
            for (String topic : topics) {
                List<Long> committed = new ArrayList<>(DeliveryCheck.committed(topic).keySet());
                java.util.Collections.sort(committed);
                List<Long> answered = seqs.getOrDefault(topic, List.of()).stream().sorted().toList();
                assertEquals(committed, answered, topic + ": an event per answer, no more");
                for (int n = 0; n < answered.size(); n++) {
                    assertEquals(n + 1L, answered.get(n), topic + ": seqs from 1, gapless");
                }
            }
            assertEquals(1, Postgres.number("SELECT count(DISTINCT xmin::text) FROM sw_event WHERE topic = ANY(?::text[])",
                    "{" + String.join(",", topics) + "}"), "every publish that waited was committed in one transaction");
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameSeqAndAppendsNothing() throws Exception {
        String topic = Topics.unique("http-idem");
        JsonObject first = Hooks.json(publish(topic, "{\"order\":42}", "order-42").body());
        HttpResponse<String> again = publish(topic, "{\"order\":42}", "order-42");
        assertEquals(201, again.statusCode());
        JsonObject second = Hooks.json(again.body());
        assertTrue(second.getBoolean("duplicate"));
        assertEquals(first.getJsonNumber("seq").longValue(), second.getJsonNumber("seq").longValue());
        assertEquals(first.getString("id"), second.getString("id"));
        assertEquals(1, DeliveryCheck.committed(topic).size());

        HttpResponse<String> otherTopic = publish(Topics.unique("http-idem-other"), "{}", "order-42");
        assertEquals(422, otherTopic.statusCode(), otherTopic.body());
        assertEquals("idempotency_key_reused", Hooks.json(otherTopic.body()).getString("code"));
    }

    @Test
    void concurrentPublishesWithOneKeyAppendOnce() throws Exception {
        String topic = Topics.unique("http-race");
        List<CompletableFuture<JsonObject>> racing = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            racing.add(CompletableFuture.supplyAsync(() -> Hooks.json(publish(topic, "{\"once\":true}", "race").body())));
        }
        List<JsonObject> receipts = racing.stream().map(CompletableFuture::join).toList();
        assertEquals(1, receipts.stream().map(r -> r.getJsonNumber("seq").longValue()).distinct().count(), receipts.toString());
        assertEquals(11, receipts.stream().filter(r -> r.getBoolean("duplicate")).count(), receipts.toString());
        assertEquals(1, DeliveryCheck.committed(topic).size());
    }

    @Test
    void aLongPollAnswersWithTheEventPublishedWhileItWaits() {
        String topic = Topics.unique("poll");
        Hooks.commit(base, topic, "{\"n\":1}");
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(
                () -> Endpoints.get(base, "/api/v1/topics/" + topic + "/events?since=1&wait=30"));
        Awaitility.await().atMost(WAIT).until(() -> metrics().getInt("long_polls_waiting") > 0);
        Hooks.commit(base, topic, "{\"n\":2}");

        HttpResponse<String> answer = waiting.orTimeout(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();
        assertEquals(200, answer.statusCode(), answer.body());
        JsonObject body = Hooks.json(answer.body());
        JsonArray events = body.getJsonArray("events");
        assertEquals(1, events.size());
        assertEquals(2, events.getJsonObject(0).getJsonNumber("seq").longValue());
        assertEquals(2, events.getJsonObject(0).getJsonObject("payload").getInt("n"));
        assertEquals(2, body.getJsonNumber("last_seq").longValue());
    }

    @Test
    void waitingPollsHoldNoRequestThread() {
        String topic = Topics.unique("poll-many");
        int polls = 150; // well over the server's 32 request threads
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(polls);
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
            waiting.add(CompletableFuture.supplyAsync(
                    () -> Endpoints.get(base, "/api/v1/topics/" + topic + "/events?since=0&wait=30"), clients));
        }
        Awaitility.await().atMost(WAIT).until(() -> metrics().getInt("long_polls_waiting") >= polls);
        assertEquals(200, Endpoints.get(base, "/api/health").statusCode(), "requests are served while polls wait");

        Hooks.commit(base, topic, "{\"wake\":true}");
        for (CompletableFuture<HttpResponse<String>> poll : waiting) {
            HttpResponse<String> answer = poll.orTimeout(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(1, Hooks.json(answer.body()).getJsonArray("events").size());
        }
        clients.shutdown();
    }

    @Test
    void aLongPollReadsPagesAndAnswersAtOnceWithoutWait() {
        String topic = Topics.unique("poll-pages");
        for (int i = 1; i <= 5; i++) {
            Hooks.commit(base, topic, "{\"n\":" + i + "}");
        }
        JsonObject page = Hooks.json(Endpoints.get(base, "/api/v1/topics/" + topic + "/events?since=1&limit=2").body());
        assertEquals(List.of(2L, 3L), page.getJsonArray("events").stream()
                .map(e -> e.asJsonObject().getJsonNumber("seq").longValue()).toList());
        assertEquals(5, page.getJsonNumber("last_seq").longValue());
        JsonObject none = Hooks.json(Endpoints.get(base, "/api/v1/topics/" + topic + "/events?since=5").body());
        assertEquals(0, none.getJsonArray("events").size());
    }

    @Test
    void aLongPollRetentionNoLongerCoversIsAnswered409WithTheReset() {
        String topic = Topics.unique("poll-reset");
        for (int i = 1; i <= 6; i++) {
            Hooks.commit(base, topic, "{}");
        }
        Hooks.purgeThrough(base, topic, 4);
        HttpResponse<String> answer = Endpoints.get(base, "/api/v1/topics/" + topic + "/events?since=2&wait=5");
        assertEquals(409, answer.statusCode(), answer.body());
        JsonObject reset = Hooks.json(answer.body());
        assertEquals("reset", reset.getString("type"));
        assertEquals("retention", reset.getString("reason"));
        assertEquals("reset", reset.getString("code"));
        assertEquals(5, reset.getJsonNumber("first_available_seq").longValue());
        assertEquals(6, reset.getJsonNumber("last_seq").longValue());
        assertEquals(200, Endpoints.get(base, "/api/v1/topics/" + topic + "/events?since=4").statusCode());
    }

    @Test
    void aFallbackAckMovesTheDurableCursorThatAWebSocketResumesFrom() {
        String topic = Topics.unique("http-ack");
        for (int i = 1; i <= 4; i++) {
            Hooks.commit(base, topic, "{\"n\":" + i + "}");
        }
        HttpResponse<String> ack = Endpoints.post(base, "/api/v1/clients/poller-1/acks",
                "{\"topic\":\"" + topic + "\",\"seq\":3}");
        assertEquals(200, ack.statusCode(), ack.body());
        assertEquals(3, Hooks.json(ack.body()).getJsonNumber("acked_seq").longValue());
        Endpoints.post(base, "/api/v1/clients/poller-1/acks", "{\"topic\":\"" + topic + "\",\"seq\":1}");

        try (SurewireClient client = SurewireClient.connect(Endpoints.webSocket(base), "poller-1")) {
            client.subscribe(topic);
            assertEquals(List.of(4L), ReplayIT.takeEvents(client, 1), "resumed after the cursor an HTTP ack set");
        }
    }

    @Test
    void badRequestsGetTheirStatusAndAJsonError() {
        String topic = Topics.unique("http-bad");
        Hooks.commit(base, topic, "{}");
        expect(publish(topic, "{not json", null), 400, "bad_json");
        expect(publish(topic, "{} {}", null), 400, "bad_json");
        expect(publish(topic, "", null), 400, "bad_json");
        expect(publish(topic, "[".repeat(1500) + "]".repeat(1500), null), 400, "bad_json");
        expect(publish(topic, "\"" + "x".repeat(5000) + "\"", null), 413, "payload_too_large");
        expect(publish("has space", "{}", null), 400, "bad_request");
        expect(publish("bad#topic", "{}", null), 400, "bad_request");
        expect(publish(topic, "{}", ""), 400, "bad_request");
        expect(publish(topic, "{}", "k".repeat(129)), 400, "bad_request");
        expect(Endpoints.post(base, "/api/v1/topics/" + topic + "/events?requires_ack=maybe", "{}"), 400, "bad_request");
        expect(Endpoints.send(HttpRequest.newBuilder(Endpoints.http(base, "/api/v1/topics/" + topic + "/events"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[]{'"', (byte) 0xC3, (byte) 0x28, '"'}))), 400, "bad_json");
        for (String query : List.of("since=abc", "since=-1", "limit=0", "limit=100000", "wait=31", "wait=x", "since=1.5")) {
            expect(Endpoints.get(base, "/api/v1/topics/" + topic + "/events?" + query), 400, "bad_request");
        }
        expect(Endpoints.post(base, "/api/v1/clients/bad%20id/acks", "{\"topic\":\"t\",\"seq\":1}"), 400, "bad_request");
        expect(Endpoints.post(base, "/api/v1/clients/c1/acks", "nope"), 400, "bad_json");
        expect(Endpoints.post(base, "/api/v1/clients/c1/acks", "{\"topic\":\"" + topic + "\"}"), 400, "bad_request");
        expect(Endpoints.post(base, "/api/v1/clients/c1/acks", "{\"topic\":\"" + topic + "\",\"seq\":-3}"), 400, "bad_request");
        expect(Endpoints.post(base, "/api/v1/clients/c1/acks", "{\"topic\":\"" + topic + "\",\"seq\":99}"), 400, "bad_request");
        expect(Endpoints.post(base, "/api/v1/clients/c1/acks", "{\"topic\":5,\"seq\":1}"), 400, "bad_request");
        expect(Endpoints.get(base, "/api/no/such/thing"), 404, "not_found");
        // refused by the container before any resource runs (found by the HTTP fuzz): JSON as well
        expect(Endpoints.send(HttpRequest.newBuilder(Endpoints.http(base, "/api/v1/topics/" + topic + "/events"))
                .header("Content-Type", "garbage").POST(HttpRequest.BodyPublishers.ofString("{}"))), 400, "bad_request");
        expect(Endpoints.send(HttpRequest.newBuilder(Endpoints.http(base, "/api/health")).DELETE()), 405, "method_not_allowed");
        assertEquals(200, Endpoints.get(base, "/api/health").statusCode(), "the server carries on");
    }

    @Test
    void metricsAndSessionsDescribeTheOpenConnections() {
        String topic = Topics.unique("ops");
        try (SurewireClient client = SurewireClient.connect(Endpoints.webSocket(base),
                SurewireClient.query("client_id", "ops-watcher", "role", "admin"))) {
            client.subscribe(topic);
            client.await("subscribed", WAIT);
            JsonObject before = metrics();
            Hooks.commit(base, topic, "{}");
            Hooks.commit(base, topic, "{}");
            client.await(Frames.event(topic, 2), WAIT);

            JsonObject metrics = metrics();
            assertTrue(metrics.getInt("connections") >= 1, metrics.toString());
            assertTrue(metrics.getJsonNumber("sent").longValue() >= 2, metrics.toString());
            assertTrue(metrics.getJsonObject("latency_ms").getJsonNumber("count").longValue() >= 2, metrics.toString());
            // this client's two events were sent and queued between the readings; it acked neither
            Map<String, Long> atLeastBetween = Map.of("latency_ms", 2L, "commit_to_queued_ms", 2L, "ack_latency_ms", 0L);
            atLeastBetween.forEach((latency, atLeast) -> {
                JsonObject now = metrics.getJsonObject(latency);
                JsonObject then = before.getJsonObject(latency);
                Histogram histogram = Hooks.histogram(now);
                assertEquals(now.getJsonNumber("count").longValue(), histogram.getTotalCount(),
                        latency + ": the histogram holds what the percentiles count");
                assertEquals(now.getJsonNumber("p99").doubleValue(), histogram.getValueAtPercentile(99) / 1000.0, 1e-9,
                        latency + ": in microseconds");
                histogram.subtract(Hooks.histogram(then));
                assertEquals(now.getJsonNumber("count").longValue() - then.getJsonNumber("count").longValue(),
                        histogram.getTotalCount(), latency + ": two readings subtract to what came between them");
                assertTrue(histogram.getTotalCount() >= atLeast, latency + ": this client's events came between the readings");
            });

            JsonObject session = Hooks.jsonArray(Endpoints.get(base, "/api/sessions").body()).stream()
                    .map(v -> v.asJsonObject()).filter(s -> "ops-watcher".equals(s.getString("client_id")))
                    .findFirst().orElseThrow();
            assertEquals("admin", session.getString("role"));
            assertEquals(List.of(topic), session.getJsonArray("topics").getValuesAs(jakarta.json.JsonString::getString));
            assertEquals(2, session.getJsonObject("lag").getJsonNumber(topic).longValue(), "two events, none acknowledged");
            client.ack(topic, 2);
            Awaitility.await().atMost(WAIT).until(() -> Hooks.jsonArray(Endpoints.get(base, "/api/sessions").body()).stream()
                    .map(v -> v.asJsonObject()).filter(s -> "ops-watcher".equals(s.getString("client_id")))
                    .allMatch(s -> s.getJsonObject("lag").getJsonNumber(topic).longValue() == 0));
        }
    }

    @Test
    void anOperatorDisconnectClosesWith1012AndTheClientMayComeBack() {
        try (SurewireClient client = SurewireClient.connect(Endpoints.webSocket(base), "kicked-out")) {
            client.await("hello", WAIT);
            // hello is queued before the connection is registered: the operator sees it a moment later
            Awaitility.await().atMost(WAIT).until(() -> Hooks.jsonArray(Endpoints.get(base, "/api/sessions").body())
                    .stream().anyMatch(s -> "kicked-out".equals(s.asJsonObject().getString("client_id"))));
            HttpResponse<String> kicked = Endpoints.send(HttpRequest.newBuilder(Endpoints.http(base, "/api/sessions/kicked-out")).DELETE());
            assertEquals(204, kicked.statusCode(), kicked.body());
            assertEquals(1012, client.awaitClose(WAIT).code());
        }
        expect(Endpoints.send(HttpRequest.newBuilder(Endpoints.http(base, "/api/sessions/nobody-here")).DELETE()), 404, "not_found");
        try (SurewireClient back = SurewireClient.connect(Endpoints.webSocket(base), "kicked-out")) {
            assertEquals("hello", Frames.type(back.next(WAIT)));
        }
    }

    @Test
    void aClientMsgIdSentOverWebSocketAndAgainOverHttpIsAppendedOnce() throws Exception {
        String topic = Topics.unique("cross-transport");
        try (SurewireClient client = SurewireClient.connect(Endpoints.webSocket(base), "cross-1")) {
            client.publish(topic, jakarta.json.Json.createValue("once"), "msg-1");
            long seq = client.await("receipt", WAIT).getJsonNumber("seq").longValue();
            HttpResponse<String> again = Endpoints.send(HttpRequest.newBuilder(Endpoints.http(base, "/api/v1/topics/" + topic + "/events"))
                    .header("Idempotency-Key", "msg-1").header("Surewire-Client-Id", "cross-1")
                    .POST(HttpRequest.BodyPublishers.ofString("\"once\"")));
            assertEquals(201, again.statusCode(), again.body());
            assertTrue(Hooks.json(again.body()).getBoolean("duplicate"));
            assertEquals(seq, Hooks.json(again.body()).getJsonNumber("seq").longValue());
        }
        assertEquals(1, DeliveryCheck.committed(topic).size());
        expect(Endpoints.send(HttpRequest.newBuilder(Endpoints.http(base, "/api/v1/topics/" + topic + "/events"))
                .header("Idempotency-Key", "k").header("Surewire-Client-Id", "bad id")
                .POST(HttpRequest.BodyPublishers.ofString("1"))), 400, "bad_request");
    }

    private JsonObject metrics() {
        return Hooks.json(Endpoints.get(base, "/api/websocket/metrics").body());
    }

    private JsonObject state(String topic) {
        HttpResponse<String> response = Endpoints.get(base, "/api/v1/topics/" + topic);
        assertEquals(200, response.statusCode(), response.body());
        return Hooks.json(response.body());
    }

    private HttpResponse<String> publish(String topic, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(Endpoints.http(base, "/api/v1/topics/" + topic.replace(" ", "%20")
                        .replace("#", "%23") + "/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return Endpoints.send(request);
    }

    static void expect(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.uri() + " -> " + response.body());
        JsonObject error = Hooks.json(response.body());
        assertEquals(code, error.getString("code"), response.uri() + " -> " + response.body());
        assertFalse(error.getString("message").isBlank());
        assertFalse(response.body().contains("Exception"), "no stack trace: " + response.body());
    }
}
