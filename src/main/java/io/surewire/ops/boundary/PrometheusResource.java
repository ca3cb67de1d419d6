package io.surewire.ops.boundary;

import io.surewire.delivery.boundary.DeliveryFailures;
import io.surewire.delivery.control.DeliveryStatistics;
import io.surewire.fallback.boundary.LongPoll;
import io.surewire.ops.control.PrometheusText;
import io.surewire.security.boundary.Access;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * {@code GET /api/metrics}: the figures of {@code GET /api/websocket/metrics}, from the same sources,
 * in Prometheus' text format, for a scraper that holds an operator's token.
 */
@Access(Access.Need.OPERATOR)
@Path("metrics")
public class PrometheusResource {

    @Inject
    Statistics statistics;

    @Inject
    DeliveryStatistics delivery;

    @Inject
    LongPoll longPoll;

    @Inject
    DeliveryFailures failures;

    @GET
    @Produces(PrometheusText.MEDIA_TYPE)
    public String metrics() {
        return new PrometheusText()
                .gauge("surewire_connections", "Open WebSocket connections of this node.", statistics.connections())
                .gauge("surewire_subscriptions", "Subscriptions (connection and topic) of this node.",
                        statistics.subscriptions())
                .gauge("surewire_long_polls_waiting", "HTTP long-polls waiting for events.", longPoll.waitingCount())
                .counter("surewire_events_committed_total", "Events committed and announced on this node.",
                        delivery.committedCount())
                .counter("surewire_frames_sent_total", "Event frames queued for clients, resends included.",
                        delivery.sentCount())
                .counter("surewire_redeliveries_total", "Event frames resent after an ack timeout.",
                        delivery.redeliveredCount())
                .counter("surewire_acks_total", "Acks that moved a client's window.", delivery.ackCount())
                .counter("surewire_delivery_failures_total", "Delivery failures recorded (retries exhausted).",
                        delivery.failureCount())
                .counter("surewire_delivery_failures_dropped_total",
                        "Delivery failures dropped before the database could take them.", delivery.failuresDroppedCount())
                .gauge("surewire_delivery_failures_unwritten", "Delivery failures waiting to be written.",
                        failures.unwrittenCount())
                .summary("surewire_append_to_queued_seconds",
                        "From an event's append to its frame queued for a client, live sends, since start.",
                        delivery.latency())
                .summary("surewire_commit_to_queued_seconds",
                        "From an event's commit to its frame queued for a client, live sends, since start.",
                        delivery.afterCommitLatency())
                .summary("surewire_ack_latency_seconds",
                        "From an event's first frame queued to the ack that covers it, since start.",
                        delivery.ackLatency())
                .toString();
    }
}
