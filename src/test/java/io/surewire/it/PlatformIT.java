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
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The deployed WAR from outside: the WebSocket endpoint at /ws/client and the health endpoint. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PlatformIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.surewire();
    }

    @ArquillianResource
    URL base;

    @Test
    void theJdkWebSocketClientReachesTheEndpoint() {
        try (SurewireClient client = SurewireClient.connect(Endpoints.webSocket(base), "platform-reach")) {
            JsonObject hello = client.next(Duration.ofSeconds(30));
            assertEquals("hello", hello.getString("type"));
            assertEquals(1, hello.getInt("accepted_version"));
            assertEquals("platform-reach", hello.getString("client_id"));
            assertEquals(List.of("heartbeat", "ack", "resync", "publish", "durable_cursor"),
                    hello.getJsonArray("features").getValuesAs(jakarta.json.JsonString::getString));
            assertEquals(25000, hello.getJsonNumber("heartbeat_interval_ms").longValue());
            assertEquals(5000, hello.getJsonNumber("ack_timeout_ms").longValue());
            assertEquals(3, hello.getInt("max_retries"));
            assertEquals(36, hello.getString("session_id").length());
            assertTrue(hello.getString("server_time").endsWith("Z"), hello.toString());
        }
    }

    /**
     * Undertow keeps each connection's upgrade request for the socket's life unless Surewire lets go of it
     * (about 2.5 KB of heap each): on this server every open connection does, and goes on working after it,
     * publishing and receiving, acknowledging and closing.
     */
    @Test
    void everyOpenConnectionLetsGoOfItsUpgradeRequestAndGoesOnWorking() {
        long before = released();
        String topic = Topics.unique("platform-release");
        List<SurewireClient> clients = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                SurewireClient client = SurewireClient.connect(Endpoints.webSocket(base), "platform-release-" + i);
                clients.add(client);
                assertEquals("hello", client.next(Duration.ofSeconds(30)).getString("type"));
                client.subscribe(topic);
                client.await("subscribed", Duration.ofSeconds(30));
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(before + 3, released()));

            clients.get(0).publish(topic, Json.createValue("after the release"), "m-1");
            for (SurewireClient client : clients) {
                JsonObject event = client.await(frame -> "event".equals(frame.getString("type"))
                        && topic.equals(frame.getString("topic")), Duration.ofSeconds(30));
                assertEquals(1, event.getJsonNumber("seq").longValue());
                client.ack(topic, 1);
            }
        } finally {
            clients.forEach(SurewireClient::close);
        }
        for (SurewireClient client : clients) {
            assertEquals(1000, client.awaitClose(Duration.ofSeconds(30)).code());
        }
    }

    private long released() {
        HttpResponse<String> response = Endpoints.get(base, "/api/websocket/metrics");
        assertEquals(200, response.statusCode(), response.body());
        return json(response.body()).getJsonNumber("upgrade_requests_released").longValue();
    }

    /** Regression: anonymous callers were told the database product, its version and raw exception messages. */
    @Test
    void healthIsUpWithTheDatabaseAndTellsAnonymousCallersTheStatusOnly() {
        for (String path : List.of("/api/health", "/api/health/ready")) {
            HttpResponse<String> response = Endpoints.get(base, path);
            assertEquals(200, response.statusCode(), response.body());
            JsonObject health = json(response.body());
            assertEquals("up", health.getString("status"));
            assertEquals(java.util.Set.of("database", "messaging"), health.getJsonObject("checks").keySet());
            for (String check : List.of("database", "messaging")) {
                JsonObject component = health.getJsonObject("checks").getJsonObject(check);
                assertEquals(java.util.Set.of("status"), component.keySet(), "no more than the status: " + component);
                assertEquals("up", component.getString("status"));
            }
            assertFalse(response.body().contains("PostgreSQL"), response.body());
        }
        HttpResponse<String> live = Endpoints.get(base, "/api/health/live");
        assertEquals(200, live.statusCode(), live.body());
        assertEquals("up", json(live.body()).getString("status"));
    }

    @Test
    void healthIs503WhileTheDatabaseIsDownAnd200WhenItIsBack() throws Exception {
        try {
            Postgres.takeDown();
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<String> response = Endpoints.get(base, "/api/health");
                assertEquals(503, response.statusCode(), response.body());
                JsonObject database = json(response.body()).getJsonObject("checks").getJsonObject("database");
                assertEquals("down", database.getString("status"));
                assertEquals(java.util.Set.of("status"), database.keySet(), "no reason for anonymous callers");
                assertEquals(503, Endpoints.get(base, "/api/health/ready").statusCode());
                assertEquals(200, Endpoints.get(base, "/api/health/live").statusCode(),
                        "alive while the database is away: no reason to restart the node");
            });
        } finally {
            Postgres.bringBack();
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertEquals(200, Endpoints.get(base, "/api/health").statusCode()));
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
