package io.surewire.ops.boundary;

import io.surewire.delivery.boundary.DeliveryFailures;
import io.surewire.delivery.boundary.DeliveryTracker;
import io.surewire.delivery.control.DeliveryStatistics;
import io.surewire.fallback.boundary.LongPoll;
import io.surewire.gateway.boundary.Gateway;
import io.surewire.ops.control.Sample;
import io.surewire.protocol.JsonBuilders;
import io.surewire.protocol.ServerFrames;
import io.surewire.publish.boundary.PublishCommitter;
import io.surewire.security.boundary.Access;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import org.HdrHistogram.Histogram;

/**
 * {@code GET /api/websocket/metrics}: what delivery did since this node started;
 * {@code GET /api/websocket/metrics/series}: the samples of the last 15 minutes ({@link Statistics}).
 */
@Access(Access.Need.OPERATOR)
@Path("websocket/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {

    @Inject
    Statistics statistics;

    @Inject
    DeliveryTracker tracker;

    @Inject
    DeliveryStatistics delivery;

    @Inject
    LongPoll longPoll;

    @Inject
    DeliveryFailures failures;

    @Inject
    Gateway gateway;

    @Inject
    PublishCommitter publisher;

    @GET
    public JsonObject metrics() {
        Runtime runtime = Runtime.getRuntime();
        DeliveryStatistics.Totals latencies = delivery.totals();
        return JsonBuilders.object()
                .add("connections", statistics.connections())
                .add("subscriptions", statistics.subscriptions())
                .add("subscribed_topics", tracker.topicCount())
                .add("long_polls_waiting", longPoll.waitingCount())
                .add("publishes_waiting", publisher.publishesWaiting())
                .add("events_committed", delivery.committedCount())
                .add("sent", delivery.sentCount())
                .add("redelivered", delivery.redeliveredCount())
                .add("acked", delivery.ackCount())
                .add("failed", delivery.failureCount())
                .add("failures_unwritten", failures.unwrittenCount())
                .add("failures_dropped", delivery.failuresDroppedCount())
                .add("upgrade_requests_released", gateway.upgradeRequestsReleased())
                .add("latency_ms", percentiles(latencies.appendToQueued(),
                        "from the append of an event to its frame being queued for a client, live sends"))
                .add("commit_to_queued_ms", percentiles(latencies.commitToQueued(),
                        "from the commit of an event to its frame being queued for a client, live sends"))
                .add("ack_latency_ms", percentiles(latencies.ack(),
                        "from an event's first frame queued for a client to the ack that covers it, one event at a"
                                + " time per connection and topic"))
                .add("jvm", JsonBuilders.object()
                        .add("heap_used_bytes", runtime.totalMemory() - runtime.freeMemory())
                        .add("heap_max_bytes", runtime.maxMemory()))
                .build();
    }

    /**
     * The samples of the window, oldest first: every {@value Statistics#PERIOD_SECONDS} s the rates of
     * the period (per second), the connections and subscriptions at its end, the delivery failures
     * recorded in it, and the latency percentiles of the period ({@code null} when it had none).
     */
    @GET
    @Path("series")
    public JsonObject series() {
        JsonArrayBuilder samples = JsonBuilders.array();
        for (Sample sample : statistics.series()) {
            samples.add(JsonBuilders.object()
                    .add("at", ServerFrames.timestamp(sample.at()))
                    .add("connections", sample.connections())
                    .add("subscriptions", sample.subscriptions())
                    .add("committed_per_second", sample.committedPerSecond())
                    .add("sent_per_second", sample.sentPerSecond())
                    .add("acked_per_second", sample.ackedPerSecond())
                    .add("redelivered_per_second", sample.redeliveredPerSecond())
                    .add("failures", sample.failures())
                    .add("failures_total", sample.failuresTotal())
                    .add("ack_latency_ms", interval(sample.ackLatency()))
                    .add("commit_to_queued_ms", interval(sample.commitToQueued())));
        }
        return JsonBuilders.object()
                .add("period_seconds", Statistics.PERIOD_SECONDS)
                .add("window_seconds", statistics.windowSeconds())
                .add("samples", samples)
                .build();
    }

    /**
     * A latency's percentiles in milliseconds, and its histogram ({@code histogram}: microseconds, HdrHistogram's
     * compressed encoding in base64), from which a reader subtracts an earlier reading's to get the
     * percentiles of what was recorded between the two.
     */
    private static JsonObjectBuilder percentiles(DeliveryStatistics.Recorded recorded, String description) {
        DeliveryStatistics.Latency latency = recorded.percentiles();
        return JsonBuilders.object()
                .add("description", description)
                .add("count", latency.count())
                .add("p50", latency.p50())
                .add("p90", latency.p90())
                .add("p99", latency.p99())
                .add("max", latency.max())
                .add("histogram", encoded(recorded.micros()));
    }

    private static String encoded(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    private static JsonObjectBuilder interval(DeliveryStatistics.Latency latency) {
        JsonObjectBuilder percentiles = JsonBuilders.object().add("count", latency.count());
        if (latency.count() == 0) {
            return percentiles.addNull("p50").addNull("p99");
        }
        return percentiles.add("p50", latency.p50()).add("p99", latency.p99());
    }
}
