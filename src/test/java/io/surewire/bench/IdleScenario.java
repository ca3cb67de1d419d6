package io.surewire.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * S1, idle: N connections subscribed (100 per topic), heartbeats on, held for a while; the server's
 * CPU during the hold, and its heap per connection after a full GC, less the heap with none.
 */
final class IdleScenario {

    private final BenchContext context;
    private int round;

    IdleScenario(BenchContext context) {
        this.context = context;
    }

    void run() throws java.io.IOException {
        BenchConfig config = context.config();
        Duration hold = Duration.ofSeconds(config.size("s1.hold", 60, 2));
        for (int connections : config.sizes("s1.connections", List.of(10_000, 50_000), List.of(50))) {
            if (connections > BenchRun.openFileLimit() - 2_000) {
                context.report().note("S1 " + connections + " connections on " + context.server().db(), "skipped: the open"
                        + " file limit is " + BenchRun.openFileLimit() + " (ulimit -n, hard); it needs connections + 2000");
                continue;
            }
            context.measure("S1 idle", connections + " connections, hold " + hold.toSeconds() + " s",
                    () -> measure(connections, hold));
        }
    }

    private Map<String, Object> measure(int connections, Duration hold) {
        Map<String, Object> figures = new LinkedHashMap<>();
        String caseName = "idle" + connections + "-" + (++round);
        Tally tally = new Tally();
        try {
            context.server().awaitNoConnections();
            long heapBefore = context.server().heapUsedAfterGc();
            List<String> topics = context.topics(caseName, Math.max(1, connections / 100));
            try (SubscriberFleet fleet = new SubscriberFleet(context.clients(caseName), connections, topics, tally, null)) {
                try (Progress progress = new Progress(caseName + " connect", () -> "subscribed " + fleet.subscribedCount()
                        + "/" + connections)) {
                    fleet.connect(context.connector(), context.server().surewire(), s -> null, Duration.ofMinutes(10));
                }
                long heapAfter = context.server().heapUsedAfterGc();
                long subscribed = fleet.subscribedCount();
                CpuWindow cpu = CpuWindow.start(context.server());
                try (AutoCloseable profile = context.profile(caseName);
                     Progress progress = new Progress(caseName + " hold", () -> "open "
                        + fleet.subscribers().stream().filter(BenchSubscriber::open).count() + ", pings " + tally.pings.sum())) {
                    Hold.forAtLeast(hold);
                }
                cpu.put(figures);
                figures.put("connections", (long) connections);
                figures.put("subscribed", subscribed);
                figures.put("connect_failures", (long) fleet.connectFailures());
                figures.put("heap_base_mb", heapBefore / 1048576.0);
                figures.put("heap_connected_mb", heapAfter / 1048576.0);
                figures.put("heap_per_connection_bytes", subscribed == 0 ? 0L : (heapAfter - heapBefore) / subscribed);
                figures.put("pings", tally.pings.sum());
                figures.put("closed_during_hold", tally.closedCount());
            }
        } catch (Exception e) {
            throw new IllegalStateException("S1 " + caseName + " failed", e);
        }
        return figures;
    }
}
