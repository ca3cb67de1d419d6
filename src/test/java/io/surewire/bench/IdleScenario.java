package io.surewire.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * S1, idle: N connections subscribed (100 per topic), heartbeats on, held for a while; the server's
 * CPU during the hold, and its heap per connection after a full GC, less the heap with none.
 */
final class IdleScenario {

    private static final Duration BASE_AT_MOST = Duration.ofMinutes(2);
    private static final long MEGABYTE = 1 << 20;

    private final BenchContext context;
    private int round;

    IdleScenario(BenchContext context) {
        this.context = context;
    }

    void run() throws IOException {
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

    /**
     * The heap with no connection after a full GC, once it no longer falls. The metrics stop counting a
     * connection when Surewire hears of its close, and the container may hold it a while longer, socket
     * and all, while it finishes closing it: a base read then counts the last run's connections and takes
     * them off this run's figure per connection (at 18,000 connections, 2,958 and 5,697 bytes in the
     * second and third runs against 9,076 in the first, their bases 105 and 60 MB above the first's). So
     * the heap and the server's open descriptors are read every {@code s1.base-interval} seconds until
     * two readings in a row agree (the heap within 1 MB, the descriptors within 10), two minutes at most;
     * the first reading, the descriptors and the time it took are reported beside the base.
     */
    private long settledBase(Map<String, Object> figures) throws IOException, InterruptedException {
        BenchServer server = context.server();
        Duration interval = Duration.ofSeconds(context.config().size("s1.base-interval", 5, 1));
        long started = System.nanoTime();
        long[] last = {server.heapUsedAfterGc(), server.openDescriptors()};
        figures.put("heap_base_first_mb", last[0] / 1048576.0);
        figures.put("descriptors_base_first", last[1]);
        boolean settled = Wait.every(interval, BASE_AT_MOST, () -> {
            try {
                long heap = server.heapUsedAfterGc();
                long descriptors = server.openDescriptors();
                boolean same = Math.abs(heap - last[0]) < MEGABYTE && Math.abs(descriptors - last[1]) <= 10;
                last[0] = heap;
                last[1] = descriptors;
                return same;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the server's heap", e);
            } catch (IOException e) {
                throw new IllegalStateException("the server's heap or descriptors could not be read", e);
            }
        });
        figures.put("descriptors_base", last[1]);
        figures.put("heap_base_settled_s", (System.nanoTime() - started) / 1e9);
        figures.put("heap_base_settled", settled ? "yes" : "no, still moving after " + BASE_AT_MOST.toSeconds() + " s");
        return last[0];
    }

    private Map<String, Object> measure(int connections, Duration hold) {
        Map<String, Object> figures = new LinkedHashMap<>();
        String caseName = "idle" + connections + "-" + (++round);
        Tally tally = new Tally();
        try {
            context.server().awaitNoConnections();
            Map<String, Object> base = new LinkedHashMap<>();
            long heapBefore = settledBase(base);
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
                figures.putAll(base);
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
