package io.surewire.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.it.Deployments;
import io.surewire.it.Endpoints;
import io.surewire.it.Hooks;
import io.surewire.it.TestTokens;
import io.surewire.security.control.Tokens;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP API fed hostile requests: mutated and random bodies (not UTF-8 among them), odd
 * headers, random parameters and paths. Never a 5xx, never a stack trace or an HTML page: every
 * refusal is {@code {"code","message"}}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HttpFuzzFaultIT {

    /** A token of the right shape signed with another secret. */
    private static final String FORGED = new Tokens("another-secret-another-secret-0123456789", 0)
            .issue("test-operator", "operator", List.of("#"), List.of("#"), Duration.ofHours(1));

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final List<String> BODIES = List.of("{\"n\":1}", "{\"topic\":\"fuzz/h\",\"seq\":0}",
            "{\"state\":\"present\",\"version\":1}", "{\"date\":\"2100-01-01\",\"time\":\"09:00\",\"patient\":\"P\"}", "[]", "\"s\"", "12");
    private static final List<String> TOPICS = List.of("fuzz/http", "fuzz%20space", "a#b", "..", "fuzz/%2F", "t".repeat(250),
            "fuzz/ünï", "fuzz/events", "%00", "fuzz/http/events/events");
    private static final List<String> NUMBERS = List.of("0", "1", "-1", "x", "1.5", "99999999999999999999", "", "31", "1e3",
            "%00", "9007199254740991");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.surewire(Map.of("surewire.publish.max-payload-bytes", "8192"));
    }

    @ArquillianResource
    URL base;

    @Test
    void hostileRequestsGetJsonErrorsAndNeverA5xx() throws Exception {
        long seed = Scale.seed(7);
        Random random = new Random(seed);
        Map<Integer, Long> statuses = new TreeMap<>();
        int requests = Scale.current().of(1500);
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            HttpRequest request = request(random, i);
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            statuses.merge(response.statusCode(), 1L, Long::sum);
            String what = "(seed " + seed + ") " + request.method() + " " + request.uri() + " -> " + response.statusCode()
                    + " " + abbreviate(response.body());
            assertTrue(response.statusCode() < 500, what);
            assertFalse(response.body().contains("Exception") || response.body().contains("\tat ")
                    || response.body().toLowerCase().contains("<html"), what);
            if (response.statusCode() >= 400) {
                JsonObject error = Hooks.json(response.body());
                assertFalse(error.getString("code", "").isBlank(), what);
                assertFalse(error.getString("message", "").isBlank(), what);
            }
        }
        assertEquals(200, Endpoints.get(base, "/api/health").statusCode());
        long millis = (System.nanoTime() - start) / 1_000_000;
        FaultReport.record(new FaultReport.Row("HTTP API fuzz", 0, 0, 100.0, 0, millis, requests, null,
                requests + " hostile requests, 0 answered 5xx, 0 stack traces; statuses " + statuses));
        long refused = statuses.entrySet().stream().filter(s -> s.getKey() >= 400).mapToLong(Map.Entry::getValue).sum();
        assertTrue(refused > 0, "the fuzz was felt: requests were refused with a 4xx: " + statuses);
    }

    private HttpRequest request(Random random, int i) {
        String topic = TOPICS.get(random.nextInt(TOPICS.size()));
        HttpRequest.Builder builder;
        switch (random.nextInt(7)) {
            case 0, 1 -> {
                builder = HttpRequest.newBuilder(uri("/api/v1/topics/" + topic + "/events"
                        + (random.nextBoolean() ? "?requires_ack=" + pick(random, List.of("true", "false", "maybe", "")) : "")))
                        .POST(body(random));
                if (random.nextBoolean()) {
                    builder.header("Idempotency-Key", pick(random, List.of("k" + i, "same", " ", "x".repeat(200), "k\tey", "%FF")));
                }
            }
            case 2 -> builder = HttpRequest.newBuilder(uri("/api/v1/topics/" + topic + "/events?since="
                    + pick(random, NUMBERS) + "&limit=" + pick(random, NUMBERS) + "&wait=" + pick(random, List.of("0", "-1", "x", "31", "99999999999"))))
                    .GET();
            case 3 -> builder = HttpRequest.newBuilder(uri("/api/v1/clients/" + pick(random, List.of("c1", "bad%20id", "x".repeat(80), "ok.id"))
                    + "/acks")).POST(body(random));
            case 4 -> builder = HttpRequest.newBuilder(uri("/api/appointments/" + pick(random, List.of("nope", "%20", "1"))
                    + "/state")).PUT(body(random));
            case 5 -> builder = HttpRequest.newBuilder(uri(pick(random, List.of("/api/appointments", "/api/appointments?date="
                    + enc(pick(random, List.of("2100-02-30", "x", "", "2100-01-01"))), "/api/v1/topics/" + topic,
                    "/api/nothing/here", "/api/v1/topics/", "/api/sessions", "/api/websocket/metrics")))).method(
                    pick(random, List.of("GET", "DELETE", "PATCH", "OPTIONS")), HttpRequest.BodyPublishers.noBody());
            default -> builder = HttpRequest.newBuilder(uri("/api/appointments")).POST(body(random));
        }
        if (random.nextInt(4) == 0) {
            builder.header("Content-Type", pick(random, List.of("text/plain", "application/xml", "application/json; charset=latin1",
                    "multipart/form-data; boundary=x", "garbage")));
        } else {
            builder.header("Content-Type", "application/json");
        }
        switch (random.nextInt(8)) {
            case 0 -> {
                // no token at all
            }
            case 1 -> builder.header("Authorization", pick(random, List.of("Bearer", "Bearer x.y.z", "Basic b3A6b3A=",
                    "Bearer " + FORGED, "bearer  " + TestTokens.operator() + " extra")));
            default -> builder.header("Authorization", "Bearer " + TestTokens.operator());
        }
        return builder.timeout(Duration.ofSeconds(30)).build();
    }

    private static HttpRequest.BodyPublisher body(Random random) {
        String body = BODIES.get(random.nextInt(BODIES.size()));
        return switch (random.nextInt(6)) {
            case 0 -> HttpRequest.BodyPublishers.ofByteArray(new byte[]{'{', (byte) 0xC3, (byte) 0x28, '}'});
            case 1 -> HttpRequest.BodyPublishers.ofString("[".repeat(5000) + "]".repeat(5000));
            case 2 -> HttpRequest.BodyPublishers.ofString("\"" + "x".repeat(20_000) + "\"");
            case 3 -> HttpRequest.BodyPublishers.noBody();
            case 4 -> {
                StringBuilder mutated = new StringBuilder(body);
                for (int e = 0; e < 3 && mutated.length() > 0; e++) {
                    int at = random.nextInt(mutated.length());
                    mutated.setCharAt(at, "{}[]\":,0e-\\ ".charAt(random.nextInt(12)));
                }
                yield HttpRequest.BodyPublishers.ofString(mutated.toString());
            }
            default -> HttpRequest.BodyPublishers.ofString(body);
        };
    }

    private URI uri(String path) {
        return URI.create("http://" + base.getHost() + ":" + base.getPort() + path.replace(" ", "%20").replace("#", "%23")
                .replace("ü", "%C3%BC").replace("ï", "%C3%AF"));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
