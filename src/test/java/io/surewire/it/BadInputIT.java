package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.SurewireClient;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PROTOCOL §1, §2, §8: every kind of bad frame and handshake gets exactly its error or close code;
 * after an {@code error} the connection works on, and a bystander subscribed meanwhile misses nothing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BadInputIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.withHooks(Map.of());
    }

    @ArquillianResource
    URL base;

    private String topic;
    private SurewireClient bystander;

    @BeforeEach
    void bystander() {
        topic = Topics.unique("bystander");
        bystander = connect("bad-input-bystander-" + topic.substring(topic.length() - 8));
        bystander.subscribe(topic);
        bystander.await("subscribed", WAIT);
        Hooks.commit(base, topic, "{\"before\":true}");
        assertEquals(1, Frames.seq(bystander.await(Frames.ofType("event"), WAIT)));
    }

    @AfterEach
    void bystanderMissedNothing() {
        Hooks.commit(base, topic, "{\"after\":true}");
        assertEquals(2, Frames.seq(bystander.await(Frames.ofType("event"), WAIT)), "the server and other clients carry on");
        bystander.close();
    }

    @Test
    void everyBadFrameGetsItsErrorAndTheConnectionCarriesOn() {
        try (SurewireClient client = connect("bad-frames")) {
            expectError(client, "", "bad_json", null);
            expectError(client, "not json", "bad_json", null);
            expectError(client, "{\"type\":\"subscribe\"", "bad_json", null);
            expectError(client, "[1,2]", "bad_frame", null);
            expectError(client, "\"subscribe\"", "bad_frame", null);
            expectError(client, "{}", "bad_frame", null);
            expectError(client, "{\"type\":7}", "bad_frame", null);
            expectError(client, "{\"type\":\"launch\",\"request_id\":\"x1\"}", "unknown_type", "x1");
            expectError(client, "{\"type\":\"subscribe\",\"request_id\":\"x2\"}", "bad_frame", "x2");
            expectError(client, "{\"type\":\"subscribe\",\"topic\":5}", "bad_frame", null);
            expectError(client, "{\"type\":\"subscribe\",\"topic\":\"\"}", "bad_frame", null);
            expectError(client, "{\"type\":\"subscribe\",\"topic\":\"has space\"}", "bad_frame", null);
            expectError(client, "{\"type\":\"subscribe\",\"topic\":\"a#b\"}", "bad_frame", null);
            expectError(client, "{\"type\":\"subscribe\",\"topic\":\"" + "t".repeat(201) + "\"}", "bad_frame", null);
            expectError(client, "{\"type\":\"subscribe\",\"topic\":\"ok\",\"since\":-1}", "bad_frame", null);
            expectError(client, "{\"type\":\"subscribe\",\"topic\":\"ok\",\"since\":\"3\"}", "bad_frame", null);
            expectError(client, "{\"type\":\"subscribe\",\"topic\":\"ok\",\"since\":1.5}", "bad_frame", null);
            expectError(client, "{\"type\":\"subscribe\",\"topic\":\"ok\",\"epoch\":1e400}", "bad_frame", null);
            expectError(client, "{\"type\":\"ack\",\"topic\":\"ok\"}", "bad_frame", null);
            expectError(client, "{\"type\":\"ack\",\"topic\":\"ok\",\"seq\":true}", "bad_frame", null);
            expectError(client, "{\"type\":\"resync\",\"topic\":\"ok\",\"from_seq\":0}", "bad_frame", null);
            expectError(client, "{\"type\":\"publish\",\"topic\":\"ok\",\"client_msg_id\":\"m\"}", "bad_frame", null);
            expectError(client, "{\"type\":\"publish\",\"topic\":\"ok\",\"payload\":{},\"client_msg_id\":\"\"}", "bad_frame", null);
            expectError(client, "{\"type\":\"publish\",\"topic\":\"ok\",\"payload\":{},\"client_msg_id\":\""
                    + "m".repeat(129) + "\"}", "bad_frame", null);
            expectError(client, "{\"type\":\"ping\"}", "bad_frame", null);
            expectError(client, "{\"type\":\"ping\",\"ts\":{}}", "bad_frame", null);
            expectError(client, "{\"type\":\"subscribe\",\"topic\":\"ok\",\"request_id\":42}", "bad_frame", null);
            expectError(client, "{\"type\":\"ack\",\"topic\":\"never-subscribed\",\"seq\":1}", "not_subscribed", null);
            expectError(client, "{\"type\":\"unsubscribe\",\"topic\":\"never-subscribed\",\"request_id\":\"u\"}",
                    "not_subscribed", "u");
            expectError(client, "{\"type\":\"resync\",\"topic\":\"never-subscribed\",\"from_seq\":1}", "not_subscribed", null);

            client.sendBinary(new byte[]{1, 2, 3});
            assertEquals("bad_frame", client.await("error", WAIT).getString("code"));
            assertWorks(client);
        }
    }

    @Test
    void anAckBeyondWhatWasSentIsRefused() {
        try (SurewireClient client = connect("bad-ack")) {
            client.subscribe(topic);
            client.await("subscribed", WAIT);
            client.ack(topic, 999);
            JsonObject error = client.await("error", WAIT);
            assertEquals("bad_frame", error.getString("code"));
            assertTrue(error.getString("message").contains("999"), error.toString());
            assertWorks(client);
        }
    }

    @Test
    void unknownFieldsAreIgnored() {
        try (SurewireClient client = connect("unknown-fields")) {
            client.send("{\"type\":\"ping\",\"ts\":5,\"colour\":\"blue\",\"nested\":{\"deep\":[1,2,3]}}");
            assertEquals(5, client.await(Frames.ofType("pong").or(Frames.ofType("error")), WAIT).getInt("ts"));
        }
    }

    @Test
    void aFrameOverTheLimitClosesWith1009() {
        try (SurewireClient client = connect("too-big")) {
            client.send("{\"type\":\"ping\",\"ts\":\"" + "x".repeat(70 * 1024) + "\"}");
            SurewireClient.Closed closed = client.awaitClose(WAIT);
            assertEquals(1009, closed.code(), closed.toString());
        }
    }

    @Test
    void badHandshakesAreClosedWithTheirCodes() {
        assertClosedWith(SurewireClient.query(), 4402);
        assertClosedWith(SurewireClient.query("client_id", ""), 4402);
        assertClosedWith(SurewireClient.query("client_id", "has space"), 4402);
        assertClosedWith(SurewireClient.query("client_id", "x".repeat(65)), 4402);
        assertClosedWith(SurewireClient.query("client_id", "ok", "version", "2"), 4400);
        assertClosedWith(SurewireClient.query("client_id", "ok", "version", "one"), 4400);
        assertClosedWith(SurewireClient.query("client_id", "ok", "role", "root"), 4401);
        try (SurewireClient admin = SurewireClient.connect(Endpoints.webSocket(base),
                SurewireClient.query("client_id", "a.b:c-d_e", "version", "1", "role", "admin"))) {
            assertEquals("hello", Frames.type(admin.next(WAIT)));
        }
    }

    private void assertClosedWith(Map<String, String> query, int code) {
        SurewireClient refused = SurewireClient.connect(Endpoints.webSocket(base), query);
        SurewireClient.Closed closed = refused.awaitClose(WAIT);
        assertEquals(code, closed.code(), query + " -> " + closed);
        assertFalse(Stream.of("hello").anyMatch(t -> refused.history().stream().anyMatch(Frames.ofType(t))),
                "no hello for a refused handshake");
    }

    private static void expectError(SurewireClient client, String frame, String code, String requestId) {
        client.send(frame);
        JsonObject error = client.await(Frames.ofType("error").or(Frames.ofType("pong")), WAIT);
        assertEquals("error", Frames.type(error), frame);
        assertEquals(code, error.getString("code"), frame + " -> " + error);
        assertFalse(error.getString("message").isBlank());
        assertEquals(requestId, error.getString("request_id", null), frame + " -> " + error);
        assertWorks(client);
    }

    private static void assertWorks(SurewireClient client) {
        client.ping(7);
        assertEquals(7, client.await(Frames.ofType("pong"), WAIT).getInt("ts"), "the connection still works");
    }

    private SurewireClient connect(String clientId) {
        return Endpoints.connected(base, clientId);
    }
}
