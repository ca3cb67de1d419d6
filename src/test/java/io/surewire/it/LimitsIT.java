package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.SurewireClient;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The limits a connection lives within: frames per second (rate_limited, then 4429) and topics per connection. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LimitsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.surewire(Map.of(
                "surewire.rate.frames-per-second", "20",
                "surewire.rate.max-limited-seconds", "2",
                "surewire.subscriptions.max-per-connection", "3"));
    }

    @ArquillianResource
    URL base;

    @Test
    void aFloodIsAnsweredRateLimitedThenClosedWith4429WhileOthersCarryOn() {
        try (SurewireClient flooder = connect("limits-flooder");
             SurewireClient bystander = connect("limits-bystander")) {
            for (int i = 0; i < 30; i++) {
                flooder.ping(i);
            }
            JsonObject limited = flooder.await("error", WAIT);
            assertEquals("rate_limited", limited.getString("code"));

            int sent = 0;
            while (flooder.isOpen() && sent < 100_000) {
                try {
                    flooder.ping(sent++);
                } catch (RuntimeException closedUnderUs) {
                    break;
                }
            }
            assertEquals(4429, flooder.awaitClose(WAIT).code());

            bystander.ping(1);
            assertEquals(1, bystander.await("pong", WAIT).getInt("ts"), "other connections are not affected");
        }
    }

    /** The first frame dropped over the rate is named, so that the client knows what to send again. */
    @Test
    void theFrameRefusedOverTheRateIsNamedWithItsRequestIdTypeAndTopic() {
        try (SurewireClient publisher = connect("limits-named")) {
            // as fast as the client writes, until the server says it is over the rate (bounded)
            for (int i = 0; i < 2_000 && publisher.history().stream()
                    .noneMatch(f -> "rate_limited".equals(f.getString("code", null))); i++) {
                publisher.send(SurewireClient.frame("publish").add("topic", "limits/named").add("payload", i)
                        .add("client_msg_id", "m" + i).add("request_id", "r" + i).build());
            }
            JsonObject limited = publisher.await(f -> "rate_limited".equals(f.getString("code", null)), WAIT);
            assertEquals("publish", limited.getString("refused_type"), limited.toString());
            assertEquals("limits/named", limited.getString("topic"));
            assertTrue(limited.getString("request_id").matches("r[0-9]+"), limited.toString());
        }
    }

    @Test
    void aConnectionSubscribesToALimitedNumberOfTopics() {
        try (SurewireClient client = connect("limits-topics")) {
            for (int i = 0; i < 3; i++) {
                client.subscribe(Topics.unique("limit-" + i));
                client.await("subscribed", WAIT);
            }
            client.send(SurewireClient.frame("subscribe").add("topic", "one-too-many").add("request_id", "4th").build());
            JsonObject error = client.await(Frames.ofType("error").or(Frames.ofType("subscribed")), WAIT);
            assertEquals("error", Frames.type(error));
            assertEquals("rate_limited", error.getString("code"));
            assertEquals("4th", error.getString("request_id"));
            assertTrue(error.getString("message").contains("3"));
        }
    }

    /** Regression: subscribes sent faster than they are processed once got past the limit (found by the fuzz). */
    @Test
    void aBurstOfSubscribesStillRespectsTheLimit() {
        try (SurewireClient client = connect("limits-burst")) {
            for (int i = 0; i < 15; i++) {
                client.subscribe(Topics.unique("burst-" + i));
            }
            for (int i = 0; i < 15; i++) {
                client.await(Frames.ofType("subscribed").or(Frames.ofType("error")), WAIT);
            }
            assertEquals(3, client.history().stream().filter(Frames.ofType("subscribed")).count());
            assertEquals(12, client.history().stream().filter(f -> "rate_limited".equals(f.getString("code", ""))).count());
        }
    }

    private SurewireClient connect(String clientId) {
        return Endpoints.connected(base, clientId);
    }
}
