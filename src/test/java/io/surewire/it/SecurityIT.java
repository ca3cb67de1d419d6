package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.surewire.client.RawWebSocket;
import io.surewire.client.ReliableSubscriber;
import io.surewire.client.SurewireClient;
import io.surewire.client.TokenSource;
import io.surewire.security.control.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PROTOCOL §7 over WebSocket and HTTP: every refusal (missing, malformed, forged, {@code alg}
 * {@code none}, expired, not yet valid, wrong {@code sub}, a filter that does not match, a foreign
 * origin, no operator) gets its close code or status with the JSON error body, every accepted case
 * works, a refused handshake disturbs no open connection, and no token reaches a log.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SecurityIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ALLOWED_ORIGIN = "https://board.example.com";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.withHooks(Map.of("surewire.security.allowed-origins", ALLOWED_ORIGIN));
    }

    @ArquillianResource
    URL base;

    // ---- tokens

    private static String token(String sub, String role, List<String> topics, List<String> publish) {
        return TestTokens.tokens().issue(sub, role, topics, publish, Duration.ofMinutes(5));
    }

    private static JWTClaimsSet.Builder claims(String sub) {
        return new JWTClaimsSet.Builder().subject(sub).claim("role", "frontend").claim("topics", List.of("#"))
                .claim("publish", List.of("#")).expirationTime(Date.from(Instant.now().plusSeconds(300)));
    }

    /** Every way a token is refused, for the client {@code sub}: name and token. */
    private static Map<String, String> refusedTokens(String sub) {
        Tokens other = new Tokens("a-different-secret-a-different-secret-0", 0);
        return Map.of(
                "malformed", "not.a.jwt",
                "forged", other.sign(claims(sub).build()),
                "alg none", new PlainJWT(claims(sub).build()).serialize(),
                "expired", TestTokens.tokens().sign(claims(sub).expirationTime(Date.from(Instant.now().minusSeconds(120))).build()),
                "not yet valid", TestTokens.tokens().sign(claims(sub).notBeforeTime(Date.from(Instant.now().plusSeconds(120))).build()),
                "wrong sub", TestTokens.all("someone-else", "frontend"),
                "no exp", TestTokens.tokens().sign(claims(sub).expirationTime(null).build()));
    }

    private SurewireClient connect(String clientId, String token) {
        return SurewireClient.connect(Endpoints.webSocket(base), token == null ? Map.of("client_id", clientId)
                : Map.of("client_id", clientId, "token", token), TokenSource.NONE);
    }

    // ---- WebSocket

    @Test
    void everyRefusedTokenClosesWith4403BeforeHello() {
        assertRefusedWith4403(connect("ws-none", null), "missing");
        refusedTokens("ws-refused").forEach((why, token) -> assertRefusedWith4403(connect("ws-refused", token), why));
    }

    @Test
    void aRoleTheTokenDoesNotGrantIsRefusedAndAnOperatorMayConnectInAnyRole() {
        String adminToken = token("ws-role", "admin", List.of("#"), List.of());
        assertRefusedWith4403(connect("ws-role", adminToken), "admin token, frontend connection");
        try (SurewireClient admin = SurewireClient.connect(Endpoints.webSocket(base),
                Map.of("client_id", "ws-role", "role", "admin", "token", adminToken), TokenSource.NONE)) {
            admin.await("hello", WAIT);
        }
        try (SurewireClient operator = SurewireClient.connect(Endpoints.webSocket(base),
                Map.of("client_id", "ws-op", "role", "test", "token", token("ws-op", "operator", List.of(), List.of())),
                TokenSource.NONE)) {
            operator.await("hello", WAIT);
        }
    }

    @Test
    void aTokenInTheAuthorizationHeaderIsAcceptedButNotTwoTokens() throws IOException {
        String token = TestTokens.all("ws-header", "frontend");
        URI uri = URI.create(Endpoints.webSocket(base) + "?client_id=ws-header");
        try (RawWebSocket socket = RawWebSocket.connect(uri, Map.of("Authorization", "Bearer " + token), null)) {
            assertEquals("hello", Hooks.json(socket.nextText()).getString("type"));
        }
        try (RawWebSocket twice = RawWebSocket.connect(URI.create(uri + "&token=" + token),
                Map.of("Authorization", "Bearer " + token), null)) {
            assertEquals(4403, twice.awaitClose(text -> assertFalse(text.contains("\"hello\""), text)));
        }
    }

    @Test
    void aRefusedHandshakeNeverDisturbsTheOpenConnectionOfItsClientId() {
        String topic = Topics.unique("sec-victim");
        try (SurewireClient victim = Endpoints.connected(base, "victim")) {
            victim.subscribe(topic);
            victim.await("subscribed", WAIT);
            refusedTokens("victim").forEach((why, token) -> assertRefusedWith4403(connect("victim", token), why));
            assertRefusedWith4403(connect("victim", null), "missing");
            long seq = Hooks.commit(base, topic, "{\"after\":\"refusals\"}");
            victim.await(Frames.event(topic, seq), WAIT);
            assertTrue(victim.isOpen(), "no 4409 for a refused handshake");
        }
    }

    @Test
    void subscribeResyncAndPublishOutsideTheFiltersAreForbiddenAndTheConnectionStaysOpen() {
        String mine = "sec/" + UUID.randomUUID() + "/board";
        String theirs = Topics.unique("sec-theirs");
        String token = token("ws-filters", "frontend", List.of("sec/+/board"), List.of(mine));
        try (SurewireClient client = connect("ws-filters", token)) {
            client.await("hello", WAIT);
            client.send(SurewireClient.frame("subscribe").add("topic", theirs).add("request_id", "s1").build());
            assertForbidden(client.await(Frames.ofType("error"), WAIT), "s1");
            client.resync(theirs, 1, "r1");
            assertForbidden(client.await(Frames.ofType("error"), WAIT), "r1");
            client.send(SurewireClient.frame("publish").add("topic", theirs).add("payload", Json.createObjectBuilder().build())
                    .add("client_msg_id", "m1").add("request_id", "p1").build());
            assertForbidden(client.await(Frames.ofType("error"), WAIT), "p1");

            client.subscribe(mine);
            client.await("subscribed", WAIT);
            client.publish(mine, Json.createObjectBuilder().add("ok", true).build(), "m2");
            JsonObject receipt = client.await("receipt", WAIT);
            client.await(Frames.event(mine, receipt.getJsonNumber("seq").longValue()), WAIT);
            assertTrue(client.isOpen());
        }
        assertEquals(0, Hooks.json(Endpoints.get(base, "/api/v1/topics/" + theirs).body()).getJsonNumber("last_seq").longValue(),
                "nothing was appended to the forbidden topic");
    }

    @Test
    void aForeignOriginIsRefusedWith403AndTheOwnAndListedOnesAreAccepted() throws IOException {
        String token = TestTokens.all("ws-origin", "frontend");
        URI uri = URI.create(Endpoints.webSocket(base) + "?client_id=ws-origin&token=" + token);
        IOException refused = assertThrows(IOException.class,
                () -> RawWebSocket.connect(uri, Map.of("Origin", "https://evil.example"), null).close());
        assertTrue(refused.getMessage().startsWith("no upgrade: HTTP/1.1 403"), refused.getMessage());
        for (String origin : List.of("http://" + base.getHost() + ":" + base.getPort(), ALLOWED_ORIGIN)) {
            try (RawWebSocket socket = RawWebSocket.connect(uri, Map.of("Origin", origin), null)) {
                assertEquals("hello", Hooks.json(socket.nextText()).getString("type"), origin);
            }
        }
    }

    @Test
    void theJavaClientAsksForAFreshTokenBeforeEveryReconnect() {
        String topic = Topics.unique("sec-fresh");
        List<String> given = new CopyOnWriteArrayList<>();
        TokenSource fresh = (clientId, role) -> {
            String token = token(clientId, role, List.of(topic), List.of());
            given.add(token);
            return token;
        };
        ReliableSubscriber subscriber = new ReliableSubscriber(Endpoints.webSocket(base), "fresh-token", Set.of(topic),
                false, fresh).start();
        try {
            long first = Hooks.commit(base, topic, "{\"n\":1}");
            Awaitility.await().atMost(WAIT).until(() -> subscriber.processed(topic) >= first);
            subscriber.kill();
            long second = Hooks.commit(base, topic, "{\"n\":2}");
            Awaitility.await().atMost(WAIT).until(() -> subscriber.processed(topic) >= second);
            assertTrue(subscriber.connections() >= 2, "it reconnected");
            assertTrue(given.size() >= subscriber.connections(), "a token asked for each connection: " + given.size());
            assertEquals(List.of(), subscriber.closeCodes().stream().filter(code -> code == 4403).toList(), "no token refused");
        } finally {
            subscriber.close();
        }
    }

    // ---- HTTP

    @Test
    void httpWithoutOrWithARefusedTokenIs401() {
        String topic = Topics.unique("sec-http");
        String path = "/api/v1/topics/" + topic + "/events";
        assertStatus(401, "unauthorized", request(path, "{}", null));
        refusedTokens("anyone").forEach((why, token) -> {
            if (!why.equals("wrong sub")) {
                assertStatus(401, "unauthorized", request(path, "{}", token));
            }
        });
        HttpResponse<String> noToken = request(path, "{}", null);
        assertEquals("Bearer realm=\"surewire\"", noToken.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(0, Hooks.json(Endpoints.get(base, "/api/v1/topics/" + topic).body()).getJsonNumber("last_seq").longValue());
    }

    @Test
    void httpTopicEndpointsNeedTheirFilters() {
        String topic = "sec-http/" + UUID.randomUUID();
        String reader = token("reader", "frontend", List.of("sec-http/#"), List.of());
        String writer = token("writer", "frontend", List.of(), List.of("sec-http/+"));
        String events = "/api/v1/topics/" + topic + "/events";
        assertStatus(403, "forbidden", request(events, "{\"n\":1}", reader));
        assertEquals(201, request(events, "{\"n\":1}", writer).statusCode());
        assertStatus(403, "forbidden", get("/api/v1/topics/" + topic, writer));
        assertStatus(403, "forbidden", get(events + "?since=0&wait=0", writer));
        assertEquals(200, get("/api/v1/topics/" + topic, reader).statusCode());
        HttpResponse<String> polled = get(events + "?since=0&wait=0", reader);
        assertEquals(200, polled.statusCode());
        assertEquals(1, Hooks.json(polled.body()).getJsonArray("events").size());
    }

    @Test
    void aFallbackAckNeedsTheTokenOfThePathsClient() {
        String topic = Topics.unique("sec-ack");
        long seq = Hooks.commit(base, topic, "{}");
        String body = "{\"topic\":\"" + topic + "\",\"seq\":" + seq + "}";
        assertStatus(403, "forbidden", request("/api/v1/clients/acker/acks", body, TestTokens.all("not-acker", "frontend")));
        assertStatus(401, "unauthorized", request("/api/v1/clients/acker/acks", body, null));
        assertEquals(200, request("/api/v1/clients/acker/acks", body, TestTokens.all("acker", "frontend")).statusCode());
    }

    @Test
    void operationsNeedTheOperatorRoleAndHealthIsOpen() {
        String frontend = TestTokens.all("ops-curious", "frontend");
        for (String path : List.of("/api/sessions", "/api/websocket/metrics")) {
            assertStatus(401, "unauthorized", get(path, null));
            assertStatus(403, "forbidden", get(path, frontend));
            assertEquals(200, get(path, TestTokens.operator()).statusCode(), path);
        }
        HttpRequest.Builder delete = HttpRequest.newBuilder(Endpoints.http(base, "/api/sessions/nobody")).DELETE();
        assertStatus(403, "forbidden", Endpoints.send(delete.copy().header("Authorization", "Bearer " + frontend)));
        assertEquals(404, Endpoints.send(delete.copy().header("Authorization", "Bearer " + TestTokens.operator())).statusCode());
        assertEquals(200, Endpoints.sendAsIs(HttpRequest.newBuilder(Endpoints.http(base, "/api/health")).GET().build())
                .statusCode());
    }

    // ---- logs

    @Test
    void tokensNeverReachALog() throws IOException {
        String good = TestTokens.all("logged", "frontend");
        String forged = new Tokens("a-different-secret-a-different-secret-0", 0).sign(claims("logged").build());
        try (SurewireClient client = connect("logged", good)) {
            client.await("hello", WAIT);
        }
        assertRefusedWith4403(connect("logged", forged), "forged");
        assertEquals(401, request("/api/v1/topics/x/events", "{}", forged).statusCode());
        Path logs = Path.of(System.getProperty("jboss.home"), "standalone", "log");
        Path access = logs.resolve("access.log");
        Awaitility.await().atMost(WAIT).until(() -> Files.exists(access) && Files.readString(access).contains("/ws/client"));
        for (Path log : List.of(logs.resolve("server.log"), access)) {
            String text = Files.readString(log);
            for (String token : List.of(good, forged)) {
                assertFalse(text.contains(token.substring(token.lastIndexOf('.') + 1)), log + " shows a token's signature");
                assertFalse(text.contains(token.substring(0, token.indexOf('.') + 20)), log + " shows a token");
            }
        }
    }

    // ---- helpers

    private static void assertRefusedWith4403(SurewireClient client, String why) {
        try (client) {
            SurewireClient.Closed closed = client.awaitClose(WAIT);
            assertEquals(4403, closed.code(), why + ": " + closed.reason());
            assertTrue(client.history().stream().noneMatch(f -> "hello".equals(f.getString("type", ""))), why + ": no hello");
        }
    }

    private static void assertForbidden(JsonObject error, String requestId) {
        assertEquals("forbidden", error.getString("code"), error.toString());
        assertEquals(requestId, error.getString("request_id"), error.toString());
    }

    private HttpResponse<String> request(String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(Endpoints.http(base, path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Endpoints.sendAsIs(request.timeout(WAIT).build());
    }

    private HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(Endpoints.http(base, path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Endpoints.sendAsIs(request.timeout(WAIT).build());
    }

    private static void assertStatus(int status, String code, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, Hooks.json(response.body()).getString("code"), response.body());
        assertFalse(Hooks.json(response.body()).getString("message").isBlank());
    }
}
