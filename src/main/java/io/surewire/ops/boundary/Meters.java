package io.surewire.ops.boundary;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.surewire.delivery.boundary.ClusterNotices;
import io.surewire.delivery.boundary.DeliveryFailures;
import io.surewire.delivery.control.DeliveryStatistics;
import io.surewire.delivery.control.DeliveryStatistics.Latency;
import io.surewire.fallback.boundary.LongPoll;
import io.surewire.gateway.boundary.Gateway;
import io.surewire.publish.boundary.PublishCommitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Surewire's figures as Micrometer meters in the registry WildFly's micrometer subsystem gives the
 * deployment; the subsystem's Prometheus registry serves them, beside WildFly's own, on the management
 * interface ({@code /metrics}). Every meter reads its figure where it is kept, when it is scraped: the
 * same figures as {@code /api/websocket/metrics} and the console, never counted a second time.
 */
@ApplicationScoped
public class Meters {

    private static final String PREFIX = "surewire.";

    /** The quantiles of each latency, by the {@code quantile} tag of their gauges. */
    private static final Map<String, ToDoubleFunction<Latency>> QUANTILES = Map.of(
            "0.5", Latency::p50, "0.9", Latency::p90, "0.99", Latency::p99);

    @Inject
    MeterRegistry registry;

    @Inject
    Statistics statistics;

    @Inject
    DeliveryStatistics delivery;

    @Inject
    LongPoll longPoll;

    @Inject
    DeliveryFailures failures;

    @Inject
    ClusterNotices notices;

    @Inject
    Gateway gateway;

    @Inject
    PublishCommitter publisher;

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        gauge("surewire.connections", statistics, Statistics::connections);
        gauge("surewire.subscriptions", statistics, Statistics::subscriptions);
        gauge("surewire.long.polls.waiting", longPoll, LongPoll::waitingCount);
        gauge("surewire.publishes.waiting", publisher, PublishCommitter::publishesWaiting);
        gauge("surewire.delivery.failures.unwritten", failures, DeliveryFailures::unwrittenCount);
        counter("surewire.events.committed", DeliveryStatistics::committedCount);
        counter("surewire.frames.sent", DeliveryStatistics::sentCount);
        counter("surewire.redeliveries", DeliveryStatistics::redeliveredCount);
        counter("surewire.acks", DeliveryStatistics::ackCount);
        counter("surewire.delivery.failures", DeliveryStatistics::failureCount);
        counter("surewire.delivery.failures.dropped", DeliveryStatistics::failuresDroppedCount);
        latency("surewire.append.to.queued", DeliveryStatistics::latency);
        latency("surewire.commit.to.queued", DeliveryStatistics::afterCommitLatency);
        latency("surewire.ack.latency", DeliveryStatistics::ackLatency);
        registry.more().counter("surewire.cluster.notices.dropped", Tags.empty(), notices, ClusterNotices::dropped);
        registry.more().counter("surewire.cluster.notices.received", Tags.empty(), notices, ClusterNotices::received);
        registry.more().counter("surewire.websocket.upgrade.requests.released", Tags.empty(), gateway,
                Gateway::upgradeRequestsReleased);
    }

    /**
     * Removes the meters before the application's beans go: WildFly's registries outlive the deployment,
     * and a meter left behind would read beans that are gone, and would stand in for the meter of the
     * same name that the next deployment registers.
     */
    void unregister(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
        registry.getMeters().stream()
                .filter(meter -> meter.getId().getName().startsWith(PREFIX))
                .forEach(registry::remove);
    }

    // Only the registry's own methods, never a meter's builder: WildFly's registry of a deployment passes
    // those on to the server's registries (with the tag WF_DEPLOYMENT), a builder would register the meter
    // in the deployment's registry alone, where no scrape sees it. Every source is a field of this bean,
    // which lives as long as the deployment, so the meters' weak references to them hold.
    private <T> void gauge(String name, T source, ToDoubleFunction<T> figure) {
        registry.gauge(name, Tags.empty(), source, figure);
    }

    private void counter(String name, ToDoubleFunction<DeliveryStatistics> count) {
        registry.more().counter(name, Tags.empty(), delivery, count);
    }

    /** A latency's quantiles as time gauges (seconds in Prometheus), and how many values it holds. */
    private void latency(String name, Function<DeliveryStatistics, Latency> latency) {
        QUANTILES.forEach((quantile, figure) -> registry.more().timeGauge(name, Tags.of("quantile", quantile), delivery,
                TimeUnit.MILLISECONDS, source -> figure.applyAsDouble(latency.apply(source))));
        counter(name + ".values", source -> latency.apply(source).count());
    }
}
