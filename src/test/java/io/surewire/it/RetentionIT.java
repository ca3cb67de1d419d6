package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.surewire.client.SurewireClient;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Retention as configured: the last N events of each topic stay, older ones go, the position moves with them. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RetentionIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.withHooks(Map.of("surewire.retention.max-events", "3"));
    }

    @ArquillianResource
    URL base;

    @Test
    void retentionKeepsTheLastEventsOfEachTopic() throws Exception {
        String topic = Topics.unique("retention");
        for (int i = 1; i <= 10; i++) {
            Hooks.commit(base, topic, "{\"n\":" + i + "}");
        }
        JobRuns.completed(base, "retention-purge", "");

        JsonObject state = Hooks.json(Endpoints.get(base, "/api/v1/topics/" + topic).body());
        assertEquals(10, state.getJsonNumber("last_seq").longValue());
        assertEquals(8, state.getJsonNumber("first_available_seq").longValue());
        assertEquals(List.of(8L, 9L, 10L), List.copyOf(DeliveryCheck.committed(topic).keySet()));

        try (SurewireClient client = Endpoints.connected(base, "retention-reader")) {
            client.subscribe(topic, 7);
            assertEquals(List.of(8L, 9L, 10L), ReplayIT.takeEvents(client, 3), "since = first - 1 is served");
            client.subscribe(topic, 5);
            JsonObject reset = client.await(Frames.ofType("reset"), WAIT);
            assertEquals("retention", reset.getString("reason"));
        }
    }
}
