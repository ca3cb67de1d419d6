package io.surewire.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.RawWebSocket;
import io.surewire.client.SurewireClient;
import io.surewire.it.Deployments;
import io.surewire.it.Endpoints;
import io.surewire.it.Frames;
import io.surewire.it.Hooks;
import io.surewire.it.TestTokens;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A live fuzz of {@code /ws/client}: mutated and random frames, deep nesting, huge numbers and
 * strings, text that is not UTF-8, binary frames, thousands of subscribes, floods and connection
 * churn, while bystanders subscribe and events are published. Every bad frame must get its
 * {@code error} or close code, the bystanders must get every event, and when the fuzzing connections
 * are gone the server must hold no state of theirs.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FuzzFaultIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicLong PINGS = new AtomicLong(1_000_000);
    private static final Set<String> ERROR_CODES = Set.of("bad_json", "bad_frame", "unknown_type", "forbidden",
            "not_subscribed", "rate_limited", "unavailable", "internal");
    private static final List<String> CORPUS = List.of(
            "{\"type\":\"subscribe\",\"topic\":\"fuzz/a\",\"since\":0,\"request_id\":\"r\"}",
            "{\"type\":\"unsubscribe\",\"topic\":\"fuzz/a\"}",
            "{\"type\":\"ack\",\"topic\":\"fuzz/a\",\"seq\":1}",
            "{\"type\":\"resync\",\"topic\":\"fuzz/a\",\"from_seq\":1}",
            "{\"type\":\"publish\",\"topic\":\"fuzz/p\",\"payload\":{\"x\":[1,{\"y\":\"z\"}]},\"client_msg_id\":\"m\"}",
            "{\"type\":\"ping\",\"ts\":1}",
            "{\"type\":\"pong\",\"ts\":\"x\"}");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.withHooks(Map.of("surewire.rate.frames-per-second", "1000", "surewire.rate.max-limited-seconds", "2"));
    }

    @ArquillianResource
    URL base;

    @Test
    void theEndpointSurvivesHostileInputAndBystandersMissNothing() throws Exception {
        URI endpoint = Endpoints.webSocket(base);
        Map<String, Long> outcomes = new TreeMap<>();
        AtomicLong tried = new AtomicLong();
        JsonObject before = metrics();
        try (FaultRun run = FaultRun.start(base, endpoint, "fuzz-bystander", 5)) {
            run.publish(Scale.current().of(200), 1, () -> {
                try {
                    mutationFuzz(endpoint, Scale.current().of(4000), tried, outcomes);
                    specialFrames(endpoint, tried, outcomes);
                    notUtf8(endpoint, tried, outcomes);
                    thousandsOfSubscribes(endpoint, tried, outcomes);
                    flood(endpoint, tried, outcomes);
                    churn(endpoint, Scale.current().of(200), tried, outcomes);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            FaultRun.Outcome outcome = run.converge(Duration.ofMinutes(2));
            Awaitility.await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                JsonObject after = metrics();
                assertEquals(before.getInt("connections") + 5, after.getInt("connections"), after.toString());
                assertEquals(before.getInt("subscriptions") + 5, after.getInt("subscriptions"), after.toString());
                assertEquals(before.getInt("subscribed_topics") + 1, after.getInt("subscribed_topics"), after.toString());
            });
            JsonObject after = metrics();
            assertEquals(200, Endpoints.get(base, "/api/health").statusCode());
            run.report("live fuzz of /ws/client", outcome, tried.get(), tried.get() + " hostile frames or connections,"
                    + " 0 server crashes; outcomes " + outcomes + "; heap after "
                    + after.getJsonObject("jvm").getJsonNumber("heap_used_bytes").longValue() / (1024 * 1024) + " MiB of "
                    + after.getJsonObject("jvm").getJsonNumber("heap_max_bytes").longValue() / (1024 * 1024) + " MiB");
            assertTrue(outcome.verdict().holds(), outcome.verdict().toString());
            FaultRun.assertInOrderWithoutResyncs(outcome.order());
            long refused = outcomes.entrySet().stream().filter(o -> o.getKey().startsWith("error "))
                    .mapToLong(Map.Entry::getValue).sum();
            long closed = outcomes.entrySet().stream().filter(o -> o.getKey().startsWith("close "))
                    .mapToLong(Map.Entry::getValue).sum();
            assertTrue(refused > 0 && closed > 0, "the fuzz was felt: frames refused with error, connections closed: "
                    + outcomes);
        }
    }

    /** Valid frames mutated at random; after each, the connection must still answer a ping. */
    private void mutationFuzz(URI endpoint, int frames, AtomicLong tried, Map<String, Long> outcomes) {
        long seed = Scale.seed(42);
        Random random = new Random(seed);
        SurewireClient client = connect(endpoint, "fuzz-mutations");
        long window = System.nanoTime();
        try {
            for (int i = 0; i < frames; i++) {
                if (i % 300 == 299) {
                    // stay under the frame rate (1000/s here): this phase is about content, the flood comes later
                    FaultRun.pause(Math.max(0, 500 - (System.nanoTime() - window) / 1_000_000));
                    window = System.nanoTime();
                }
                String frame = mutate(CORPUS.get(random.nextInt(CORPUS.size())), random);
                client.send(frame);
                tried.incrementAndGet();
                if (i % 20 == 19) {
                    answersAPing(client, outcomes);
                }
            }
            assertTrue(client.isOpen(), "mutated frames are answered, never with a close (seed " + seed + ")");
        } finally {
            client.close();
        }
    }

    /** Deep nesting, huge numbers and strings, binary frames: each gets its error, the connection stays. */
    private void specialFrames(URI endpoint, AtomicLong tried, Map<String, Long> outcomes) {
        SurewireClient client = connect(endpoint, "fuzz-special");
        try {
            List<String> frames = List.of(
                    "[".repeat(30_000) + "]".repeat(30_000),
                    "{\"type\":\"ping\",\"ts\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}",
                    "{\"type\":\"ack\",\"topic\":\"fuzz/a\",\"seq\":1e999999999}",
                    "{\"type\":\"ack\",\"topic\":\"fuzz/a\",\"seq\":" + "9".repeat(20_000) + "}",
                    "{\"type\":\"subscribe\",\"topic\":\"" + "t".repeat(60_000) + "\"}",
                    "{\"type\":\"publish\",\"topic\":\"fuzz/p\",\"payload\":1,\"client_msg_id\":\"" + "m".repeat(50_000) + "\"}",
                    "{\"type\":\"" + "x".repeat(50_000) + "\"}",
                    "\u0000\u0001\u0002", "\uFEFF{}", "{\"type\":\"ping\",\"ts\":1}\u0000");
            for (String frame : frames) {
                client.send(frame);
                tried.incrementAndGet();
                JsonObject answer = client.await(Frames.ofType("error").or(Frames.ofType("pong")), WAIT);
                count(outcomes, answer);
            }
            for (int i = 0; i < 10; i++) {
                client.sendBinary(new byte[]{(byte) i, 0, (byte) 0xFF});
                tried.incrementAndGet();
                count(outcomes, client.await(Frames.ofType("error"), WAIT));
            }
            client.ping(7);
            client.await("pong", WAIT);
        } finally {
            client.close();
        }
        SurewireClient tooBig = connect(endpoint, "fuzz-too-big");
        tooBig.send("{\"type\":\"ping\",\"ts\":\"" + "x".repeat(80_000) + "\"}");
        tried.incrementAndGet();
        countClose(outcomes, tooBig.awaitClose(WAIT).code());
    }

    /** Text frames that are not UTF-8, sent raw: the WebSocket layer closes with 1007. */
    private void notUtf8(URI endpoint, AtomicLong tried, Map<String, Long> outcomes) throws Exception {
        for (byte[] bad : List.of(new byte[]{(byte) 0xC3, 0x28}, new byte[]{'{', (byte) 0xFF, '}'},
                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80})) {
            try (RawWebSocket raw = RawWebSocket.connect(URI.create(endpoint + "?client_id=fuzz-raw&token=" + TestTokens.all("fuzz-raw", "frontend")))) {
                raw.text(bad);
                tried.incrementAndGet();
                int code = raw.awaitClose(text -> { });
                countClose(outcomes, code);
                assertTrue(code == 1007 || code == 1002, "not UTF-8 is closed as invalid data: " + code);
            }
        }
    }

    /** Thousands of subscribes on one connection: the limit holds, every refusal is an error. */
    private void thousandsOfSubscribes(URI endpoint, AtomicLong tried, Map<String, Long> outcomes) {
        SurewireClient client = connect(endpoint, "fuzz-subscribes");
        try {
            for (int i = 0; i < 3000 && client.isOpen(); i++) {
                try {
                    client.send("{\"type\":\"subscribe\",\"topic\":\"fuzz/many/" + i + "\"}");
                } catch (RuntimeException closed) {
                    break;
                }
                tried.incrementAndGet();
            }
            if (client.isOpen()) {
                answersAPing(client, outcomes);
            }
            long subscribed = client.history().stream().filter(Frames.ofType("subscribed")).count();
            client.history().stream().filter(Frames.ofType("error")).forEach(e -> count(outcomes, e));
            assertTrue(subscribed <= 256, "at most 256 topics per connection: " + subscribed);
        } finally {
            client.close();
        }
    }

    /** Pings as fast as they can be written: rate_limited, then 4429. */
    private void flood(URI endpoint, AtomicLong tried, Map<String, Long> outcomes) {
        SurewireClient client = connect(endpoint, "fuzz-flood");
        for (int i = 0; i < 200_000 && client.isOpen(); i++) {
            try {
                client.ping(i);
            } catch (RuntimeException closed) {
                break;
            }
            tried.incrementAndGet();
        }
        int code = client.awaitClose(WAIT).code();
        countClose(outcomes, code);
        assertEquals(4429, code);
        assertTrue(client.history().stream().anyMatch(f -> "rate_limited".equals(f.getString("code", ""))));
    }

    /** Connections opened and dropped at once, with or without a close, bad handshakes among them. */
    private void churn(URI endpoint, int connections, AtomicLong tried, Map<String, Long> outcomes) {
        List<SurewireClient> open = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            SurewireClient client = SurewireClient.connect(endpoint, i % 10 == 0
                    ? SurewireClient.query("client_id", "bad id " + i) : SurewireClient.query("client_id", "fuzz-churn-" + i));
            tried.incrementAndGet();
            if (i % 10 == 0) {
                countClose(outcomes, client.awaitClose(WAIT).code());
            } else if (i % 2 == 0) {
                client.abort();
            } else {
                open.add(client);
            }
        }
        open.forEach(SurewireClient::close);
    }

    private static String mutate(String frame, Random random) {
        StringBuilder text = new StringBuilder(frame);
        int edits = 1 + random.nextInt(3);
        String alphabet = "{}[]\":,-.e0123456789aZ\\ \u00e9\u0000";
        for (int e = 0; e < edits && text.length() > 0; e++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(5)) {
                case 0 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 2 -> text.deleteCharAt(at);
                case 3 -> text.setLength(at);
                default -> text.insert(at, text.substring(at));
            }
        }
        return text.toString();
    }

    /** A ping sent in a second already over the rate is dropped: ask again in the next one. */
    private static void answersAPing(SurewireClient client, Map<String, Long> outcomes) {
        for (int attempt = 0; attempt < 10; attempt++) {
            long ts = PINGS.incrementAndGet();
            client.ping(ts);
            try {
                client.await(f -> {
                    count(outcomes, f);
                    return "pong".equals(Frames.type(f)) && f.getJsonNumber("ts").longValue() == ts;
                }, Duration.ofSeconds(2));
                return;
            } catch (AssertionError dropped) {
                // over the rate in that second
            }
        }
        throw new AssertionError(client.clientId() + " answers no ping");
    }

    private static void count(Map<String, Long> outcomes, JsonObject frame) {
        if ("error".equals(Frames.type(frame))) {
            String code = frame.getString("code");
            assertTrue(ERROR_CODES.contains(code), "an error code of the protocol: " + frame);
            synchronized (outcomes) {
                outcomes.merge("error " + code, 1L, Long::sum);
            }
        }
    }

    private static void countClose(Map<String, Long> outcomes, int code) {
        synchronized (outcomes) {
            outcomes.merge("close " + code, 1L, Long::sum);
        }
    }

    private JsonObject metrics() {
        return Hooks.json(Endpoints.get(base, "/api/websocket/metrics").body());
    }

    private static SurewireClient connect(URI endpoint, String clientId) {
        SurewireClient client = SurewireClient.connect(endpoint, clientId);
        client.await("hello", WAIT);
        return client;
    }

}
