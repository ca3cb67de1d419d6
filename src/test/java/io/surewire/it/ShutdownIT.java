package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.SurewireClient;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The application stops and starts again: clients get {@code shutdown} then 1001, and acknowledged
 * cursors survive, so a client that subscribes without since resumes where it was.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ShutdownIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String APP = "surewire";

    @Deployment(name = APP, managed = false, testable = false)
    static WebArchive deployment() {
        return Deployments.withHooks(Map.of("surewire.shutdown.reconnect-after-ms", "1500"));
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void clientsAreToldOfTheShutdownAndCursorsSurviveTheRestart() {
        deployer.deploy(APP);
        URL base = Endpoints.server();
        String topic = Topics.unique("restart");
        try {
            for (int i = 1; i <= 5; i++) {
                Hooks.commit(base, topic, "{\"n\":" + i + "}");
            }
            try (SurewireClient client = SurewireClient.connect(Endpoints.webSocket(base), "restart-client")) {
                client.subscribe(topic, 0);
                ReplayIT.takeEvents(client, 5);
                client.ack(topic, 4);
                // the ack is taken in (lag 1 of 5) before the application stops; its write is left to the stop
                Awaitility.await().atMost(WAIT).until(() -> Hooks.jsonArray(Endpoints.get(base, "/api/sessions").body())
                        .stream().map(v -> v.asJsonObject()).anyMatch(s -> "restart-client".equals(s.getString("client_id"))
                                && s.getJsonObject("lag").getJsonNumber(topic).longValue() == 1));

                deployer.undeploy(APP);
                JsonObject shutdown = client.await("shutdown", WAIT);
                assertEquals(1500, shutdown.getJsonNumber("reconnect_after_ms").longValue());
                assertEquals(1001, client.awaitClose(WAIT).code());
            }

            deployer.deploy(APP);
            try (SurewireClient client = SurewireClient.connect(Endpoints.webSocket(base), "restart-client")) {
                client.subscribe(topic);
                assertEquals(5, client.await("subscribed", WAIT).getJsonNumber("last_seq").longValue());
                assertEquals(List.of(5L), ReplayIT.takeEvents(client, 1), "resumed after the cursor acknowledged before the restart");
                assertTrue(client.await("replayed", WAIT).getJsonNumber("to_seq").longValue() == 5);
            }
        } finally {
            deployer.undeploy(APP);
        }
    }
}
