package io.surewire.ops.boundary;

import io.surewire.security.boundary.Access;
import io.surewire.delivery.boundary.DeliveryFailures;
import io.surewire.delivery.boundary.DeliveryTracker;
import io.surewire.delivery.control.DeliveryStatistics;
import io.surewire.fallback.boundary.LongPoll;
import io.surewire.gateway.boundary.ConnectionRegistry;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/websocket/metrics}: what delivery did since this node started. */
@Access(Access.Need.OPERATOR)
@Path("websocket/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {

    @Inject
    ConnectionRegistry connections;

    @Inject
    DeliveryTracker tracker;

    @Inject
    DeliveryStatistics statistics;

    @Inject
    LongPoll longPoll;

    @Inject
    DeliveryFailures failures;

    @GET
    public JsonObject metrics() {
        DeliveryStatistics.Latency latency = statistics.latency();
        DeliveryStatistics.Latency afterCommit = statistics.afterCommitLatency();
        Runtime runtime = Runtime.getRuntime();
        int subscriptions = tracker.all().stream().mapToInt(d -> d.topics().size()).sum();
        return Json.createObjectBuilder()
                .add("connections", connections.count())
                .add("subscriptions", subscriptions)
                .add("subscribed_topics", tracker.topicCount())
                .add("long_polls_waiting", longPoll.waitingCount())
                .add("events_committed", statistics.committedCount())
                .add("sent", statistics.sentCount())
                .add("redelivered", statistics.redeliveredCount())
                .add("acked", statistics.ackCount())
                .add("failed", statistics.failureCount())
                .add("failures_unwritten", failures.unwrittenCount())
                .add("failures_dropped", statistics.failuresDroppedCount())
                .add("latency_ms", percentiles(latency,
                        "from the append of an event to its frame being queued for a client, live sends"))
                .add("commit_to_queued_ms", percentiles(afterCommit,
                        "from the commit of an event to its frame being queued for a client, live sends"))
                .add("jvm", Json.createObjectBuilder()
                        .add("heap_used_bytes", runtime.totalMemory() - runtime.freeMemory())
                        .add("heap_max_bytes", runtime.maxMemory()))
                .build();
    }

    private static JsonObjectBuilder percentiles(DeliveryStatistics.Latency latency, String description) {
        return Json.createObjectBuilder()
                .add("description", description)
                .add("count", latency.count())
                .add("p50", latency.p50())
                .add("p90", latency.p90())
                .add("p99", latency.p99())
                .add("max", latency.max());
    }
}
