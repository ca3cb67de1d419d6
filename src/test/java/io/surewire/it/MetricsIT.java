package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.SurewireClient;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Surewire's figures on WildFly's metrics endpoint ({@code /metrics} of the management interface, in
 * Prometheus' text format), beside WildFly's own, read from where {@code /api/websocket/metrics} reads
 * them.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MetricsIT {

    /** The suite's server runs without a port offset: its management interface is 127.0.0.1:9990. */
    private static final URI SCRAPE = URI.create("http://127.0.0.1:9990/metrics");

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.withHooks(Map.of());
    }

    @ArquillianResource
    URL base;

    @Test
    void everyFigureIsScrapedBesideWildFlysOwn() {
        HttpResponse<String> response = scrape();
        assertEquals(200, response.statusCode(), response.body());
        String scrape = response.body();
        for (String gauge : List.of("surewire_connections", "surewire_subscriptions", "surewire_long_polls_waiting", "surewire_publishes_waiting",
                "surewire_delivery_failures_unwritten", "surewire_append_to_queued_seconds",
                "surewire_commit_to_queued_seconds", "surewire_ack_latency_seconds")) {
            assertTrue(scrape.contains("\n# TYPE " + gauge + " gauge\n"), gauge + " in\n" + scrape);
        }
        for (String counter : List.of("surewire_events_committed_total", "surewire_frames_sent_total",
                "surewire_redeliveries_total", "surewire_acks_total", "surewire_delivery_failures_total",
                "surewire_delivery_failures_dropped_total", "surewire_append_to_queued_values_total",
                "surewire_commit_to_queued_values_total", "surewire_ack_latency_values_total",
                "surewire_websocket_upgrade_requests_released_total")) {
            assertTrue(scrape.contains("\n# TYPE " + counter + " counter\n"), counter + " in\n" + scrape);
        }
        for (String quantile : List.of("0.5", "0.9", "0.99")) {
            assertTrue(scrape.contains("quantile=\"" + quantile + "\""), quantile);
        }
        assertTrue(scrape.lines().anyMatch(line -> line.startsWith("jvm_")), "WildFly's own figures, in the same scrape");
    }

    @Test
    void theScrapeReadsTheFiguresOfTheJsonMetrics() {
        String topic = Topics.unique("scraped");
        long before = json().getJsonNumber("events_committed").longValue();
        try (SurewireClient client = SurewireClient.connect(Endpoints.webSocket(base), "scraped-1")) {
            client.subscribe(topic);
            client.await("subscribed", WAIT);
            for (int i = 1; i <= 5; i++) {
                Hooks.commit(base, topic, "{\"n\":" + i + "}");
            }
            client.await(Frames.event(topic, 5), WAIT);
            client.ack(topic, 5);

            // a counter only grows: read between two readings of the JSON, it lies between them
            long first = json().getJsonNumber("events_committed").longValue();
            double scraped = sample(scrape().body(), "surewire_events_committed_total");
            long second = json().getJsonNumber("events_committed").longValue();
            assertTrue(first >= before + 5, "the five commits are counted: " + before + " → " + first);
            assertTrue(first <= scraped && scraped <= second, first + " ≤ " + scraped + " ≤ " + second);

            Awaitility.await().atMost(WAIT).until(() -> {
                JsonObject json = json();
                String scrape = scrape().body();
                return json.getInt("connections") == sample(scrape, "surewire_connections")
                        && json.getInt("subscriptions") == sample(scrape, "surewire_subscriptions")
                        && json.getJsonNumber("acked").longValue() == sample(scrape, "surewire_acks_total");
            });
            assertTrue(sample(scrape().body(), "surewire_connections") >= 1);
        }
    }

    @Test
    void theClientsPortDoesNotServeThem() {
        HttpResponse<String> response = Endpoints.get(base, "/metrics");
        assertEquals(404, response.statusCode(), response.body());
        assertFalse(response.body().contains("surewire_"), response.body());
    }

    private JsonObject json() {
        return Hooks.json(Endpoints.get(base, "/api/websocket/metrics").body());
    }

    /** The value of the one sample of {@code name} (Surewire's meters have no labels but the deployment's). */
    private static double sample(String scrape, String name) {
        List<String> samples = scrape.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .toList();
        assertEquals(1, samples.size(), name + ": " + samples);
        String line = samples.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private static HttpResponse<String> scrape() {
        try {
            return HTTP.send(HttpRequest.newBuilder(SCRAPE).timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("no scrape from " + SCRAPE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
