package io.surewire.ops.boundary;

import io.surewire.delivery.boundary.DeliveryTracker;
import io.surewire.delivery.control.DeliveryStatistics;
import io.surewire.gateway.boundary.ConnectionRegistry;
import io.surewire.ops.control.Sample;
import io.surewire.ops.control.SampleRing;
import io.surewire.platform.SurewireConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Delivery over time, in one place and in bounded memory: every {@value #PERIOD_SECONDS} s
 * ({@link StatisticsTicker}) one {@link Sample} of the period (the counters' rates, the open
 * connections and subscriptions, the latencies recorded in it) goes into a ring holding
 * {@code surewire.statistics.window} (15 minutes: 180 samples). The console's dashboard and
 * {@code GET /api/websocket/metrics/series} read the same ring.
 */
@ApplicationScoped
public class Statistics {

    /** Seconds between two samples: the period of {@link StatisticsTicker}. */
    public static final int PERIOD_SECONDS = 5;

    @Inject
    DeliveryStatistics delivery;

    @Inject
    ConnectionRegistry connections;

    @Inject
    DeliveryTracker tracker;

    @Inject
    SurewireConfig config;

    private SampleRing<Sample> ring;
    private DeliveryStatistics.Counters last;
    private long lastNanos;

    @PostConstruct
    void init() {
        ring = new SampleRing<>((int) Math.max(1, config.statisticsWindow().toSeconds() / PERIOD_SECONDS));
        last = delivery.counters();
        lastNanos = System.nanoTime();
        delivery.interval();
    }

    /** Takes the sample of the period since the last one. */
    public synchronized void sample() {
        long nanos = System.nanoTime();
        DeliveryStatistics.Counters now = delivery.counters();
        ring.add(Sample.of(Instant.now(), (nanos - lastNanos) / 1e9, last, now, connections(), subscriptions(),
                delivery.interval()));
        last = now;
        lastNanos = nanos;
    }

    /** The samples of the window, oldest first. */
    public List<Sample> series() {
        return ring.all();
    }

    public Optional<Sample> latest() {
        return ring.latest();
    }

    /** How long the window of samples is, in seconds. */
    public long windowSeconds() {
        return (long) ring.capacity() * PERIOD_SECONDS;
    }

    /** The open connections of this node, now. */
    public int connections() {
        return connections.count();
    }

    /** The subscriptions of this node's connections, now. */
    public int subscriptions() {
        return tracker.subscriptionCount();
    }
}
