package io.surewire.bench;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * S7, publish → deliver across nodes: two nodes of a cluster on one PostgreSQL database, half the
 * subscribers on the publisher's node and half on the other, one topic, one publisher on the first
 * node at a steady rate, every event acked. The other node's latency is the cross-node figure (the
 * commit, the notice through the clustered broker, that node's fan-out); the first node's, measured in
 * the same run under the same load, is the single-node figure beside it.
 */
final class ClusterScenario {

    private static final List<Integer> OFFSETS = List.of(100, 200);

    private ClusterScenario() {
    }

    static void run(BenchConfig config, Report report, String runId) throws Exception {
        try (BenchServer one = BenchServer.clusterNode(1, OFFSETS, config.serverJvmArgs(), config.warSettings(), null);
             BenchServer two = BenchServer.clusterNode(2, OFFSETS, config.serverJvmArgs(), config.warSettings(),
                     one.database());
             WsConnector connector = new WsConnector(2, 4, 500)) {
            one.start();
            two.start();
            BenchContext context = new BenchContext(one, connector, config, report, runId + "c");
            int clients = config.size("s7.clients", 200, 20);
            int eventsPerSecond = config.size("s7.events-per-second", 20, 10);
            // not reported: the pools, the broker's bridges and the JIT's first compilations
            measure(context, two, "warmup", clients, eventsPerSecond, Duration.ofSeconds(config.size("s7.warmup-seconds", 60, 1)));
            int[] round = {0};
            String name = clients + " clients, 1 topic, " + eventsPerSecond + " events/s";
            context.measureRows("S7 cross-node latency", () -> {
                round[0]++;
                Map<String, Map<String, Object>> halves = measure(context, two, "s7-" + round[0], clients,
                        eventsPerSecond, config.duration());
                Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
                halves.forEach((half, figures) -> rows.put(name + ", " + half, figures));
                return rows;
            });
        }
    }

    /** One measurement: the figures of the subscribers of the publisher's node, then of the other node's. */
    private static Map<String, Map<String, Object>> measure(BenchContext context, BenchServer two, String caseName,
                                                             int clients, double eventsPerSecond, Duration duration) {
        List<String> topics = context.topics(caseName, 1);
        Tally here = new Tally();
        Tally there = new Tally();
        URI first = context.server().surewire();
        try (SubscriberFleet sameNode = new SubscriberFleet(context.clients(caseName) + "-a", clients / 2, topics, here, null);
             SubscriberFleet otherNode = new SubscriberFleet(context.clients(caseName) + "-b", clients - clients / 2, topics,
                     there, null)) {
            sameNode.connect(context.connector(), first, s -> null, Duration.ofMinutes(3));
            otherNode.connect(context.connector(), two.surewire(), s -> null, Duration.ofMinutes(3));
            PacedPublisher publisher = new PacedPublisher(context.clients(caseName) + "-pub", 100);
            publisher.connect(context.connector(), first);
            long[] expected = {Long.MAX_VALUE, Long.MAX_VALUE};
            try (Progress progress = new Progress(caseName, () -> "published " + publisher.sent() + ", receipts "
                    + publisher.receipts() + ", delivered on the publisher's node " + here.delivered.sum()
                    + ", on the other node " + there.delivered.sum())) {
                publisher.run(topics, eventsPerSecond, duration);
                expected[0] = publisher.receipts() * sameNode.subscribersOf(topics.get(0));
                expected[1] = publisher.receipts() * otherNode.subscribersOf(topics.get(0));
                Wait.quietly(Duration.ofSeconds(30), () -> here.delivered.sum() >= expected[0]
                        && there.delivered.sum() >= expected[1]);
            }
            publisher.close();
            Map<String, Map<String, Object>> halves = new LinkedHashMap<>();
            halves.put("publisher's node", figures(here, clients / 2, expected[0], publisher));
            halves.put("other node", figures(there, clients - clients / 2, expected[1], publisher));
            return halves;
        } catch (Exception e) {
            throw new IllegalStateException("S7 " + caseName + " failed", e);
        }
    }

    private static Map<String, Object> figures(Tally tally, int clients, long expected, PacedPublisher publisher) {
        Map<String, Object> figures = new LinkedHashMap<>();
        long delivered = tally.delivered.sum();
        figures.put("clients", (long) clients);
        figures.put("published", publisher.receipts());
        figures.put("publish_errors", publisher.errors());
        figures.put("expected", expected);
        figures.put("delivered", delivered);
        figures.put("delivered_pct", expected == 0 ? 0.0 : 100.0 * delivered / expected);
        figures.put("p50_ms", tally.percentileMs(50));
        figures.put("p99_ms", tally.percentileMs(99));
        figures.put("p999_ms", tally.percentileMs(99.9));
        figures.put("max_ms", tally.latency.getMaxValue() / 1000.0);
        figures.put("gaps", tally.gaps.sum());
        figures.put("duplicates", tally.duplicates.sum());
        figures.put("redelivered_frames", tally.redeliveredFrames.sum());
        return figures;
    }
}
