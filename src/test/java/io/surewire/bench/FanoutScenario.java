package io.surewire.bench;

import io.surewire.it.Hooks;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.HdrHistogram.Histogram;

/**
 * S2, fan-out with acks: C clients over T topics (C/T subscribers per topic), one publisher at an
 * offered rate, every event acked; the same load against the raw broadcast baseline in the same run,
 * twice: its events asking for no ack (the fire-and-forget broadcast the targets compare with), and asking
 * for one, the clients acking each as they ack Surewire's and the baseline reading the acks and keeping
 * nothing (what receiving the acks alone costs). Also S5: the server's own append → queued histogram,
 * read before and after the Surewire run.
 */
final class FanoutScenario {

    private static final Logger LOG = Logger.getLogger(FanoutScenario.class.getName());
    /** The shipped browser client's {@code ackMaxEvents}. */
    private static final int ACK_MAX_EVENTS = 100;
    private final BenchContext context;

    FanoutScenario(BenchContext context) {
        this.context = context;
    }

    /**
     * Load that is not reported, so that the measured cases do not pay for the JIT and the pools: rounds
     * of the S2 load at a tenth of its clients (Surewire, then the raw baseline) until the server's JIT
     * compiler threads used at most {@code warmup.jit-percent} of a core over a round, or
     * {@code warmup.max-seconds} have passed. On two cores a fresh WildFly compiles for minutes, and a
     * case measured while it does pays for it.
     */
    void warmUp() {
        BenchConfig config = context.config();
        Duration round = Duration.ofSeconds(config.size("warmup.seconds", 20, 1));
        int clients = config.size("warmup.clients", 100, 20);
        double settled = config.size("warmup.jit-percent", 5, 100) / 100.0;
        long deadline = System.nanoTime() + Duration.ofSeconds(config.size("warmup.max-seconds", 300, 1)).toNanos();
        long start = System.nanoTime();
        int rounds = 0;
        double jit;
        do {
            rounds++;
            CpuWindow cpu = CpuWindow.start(context.server());
            measure(context.server().surewire(), "warmup" + rounds, clients, 10, 100, round, false, false);
            measure(context.server().raw(), "warmup-raw" + rounds, clients, 10, 100, round, false, false);
            measure(context.server().rawAcked(), "warmup-rawack" + rounds, clients, 10, 100, round, false, false);
            jit = cpu.jitCores();
            double roundJit = jit;
            int n = rounds;
            LOG.info(() -> String.format("warm-up round %d: the JIT used %.2f cores", n, roundJit));
        } while (jit > settled && System.nanoTime() < deadline);
        context.report().note("warmup_" + context.server().db(), String.format("%d round(s) of 3 × %d s (Surewire,"
                + " the raw baseline, the acked baseline), %.0f s in all; the JIT used %.2f cores in the last (settled at"
                + " %.2f)", rounds, round.toSeconds(), (System.nanoTime() - start) / 1e9, jit, settled));
    }

    void run() throws IOException {
        BenchConfig config = context.config();
        Duration ackDelay = ackDelay(config);
        int clients = config.size("s2.clients", 1000, 20);
        int deliveries = config.size("s2.deliveries", 10_000, 400);
        for (int topics : config.sizes("s2.topics", List.of(10, 1), List.of(2, 1))) {
            String name = clients + "x" + topics + (ackDelay.isZero() ? "" : "-acks" + ackDelay.toMillis() + "ms");
            double eventsPerSecond = deliveries / (clients / (double) topics);
            int[] round = {0};
            context.measureRows("S2 fan-out with acks", () -> {
                round[0]++;
                Map<String, Object> surewire = measure(context.server().surewire(), name + "-sw" + round[0], clients, topics,
                        eventsPerSecond, config.duration(), true, true);
                Map<String, Object> raw = measure(context.server().raw(), name + "-raw" + round[0], clients, topics,
                        eventsPerSecond, config.duration(), false, true);
                Map<String, Object> rawAcked = measure(context.server().rawAcked(), name + "-rawack" + round[0], clients,
                        topics, eventsPerSecond, config.duration(), false, false);
                Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
                rows.put(name + " surewire", surewire);
                rows.put(name + " raw baseline", raw);
                rows.put(name + " raw baseline, acked", rawAcked);
                rows.values().forEach(row -> {
                    row.put("vs_raw_deliveries_per_cpu_s", ratio(row.get("deliveries_per_server_cpu_s"),
                            raw.get("deliveries_per_server_cpu_s")));
                    row.put("vs_raw_p99", ratio(row.get("p99_ms"), raw.get("p99_ms")));
                    row.put("vs_raw_acked_deliveries_per_cpu_s", ratio(row.get("deliveries_per_server_cpu_s"),
                            rawAcked.get("deliveries_per_server_cpu_s")));
                });
                return rows;
            });
        }
    }

    /**
     * {@code s2.ack-delay-ms}: 0 (the default of a full run) acks every event at once; above 0 (50 in
     * the smoke run) the subscribers of every fan-out load (the warm-up, S2, S3) ack as the shipped
     * browser client does, one cumulative ack per 100 events or after that delay.
     */
    private static Duration ackDelay(BenchConfig config) {
        return Duration.ofMillis(config.size("s2.ack-delay-ms", 0, 50));
    }

    private static double ratio(Object a, Object b) {
        double denominator = ((Number) b).doubleValue();
        return denominator == 0 ? 0 : ((Number) a).doubleValue() / denominator;
    }

    /**
     * One measurement: connects the subscribers, publishes for {@code duration}, waits (bounded) until
     * every committed event reached every subscriber of its topic, and reports what arrived and the
     * CPU it took. With {@code serverMetrics} it also records S5 (the server's histogram before and after);
     * with {@code profiled}, the server is profiled while it publishes when {@code bench.profile} says so.
     */
    Map<String, Object> measure(URI endpoint, String caseName, int clients, int topicCount, double eventsPerSecond,
                                Duration duration, boolean serverMetrics, boolean profiled) {
        Map<String, Object> figures = new LinkedHashMap<>();
        Tally tally = new Tally();
        List<String> topics = context.topics(caseName, topicCount);
        Duration ackDelay = ackDelay(context.config());
        try (SubscriberFleet fleet = new SubscriberFleet(context.clients(caseName), clients, topics, tally, null)
                .coalesceAcks(ackDelay, ACK_MAX_EVENTS)) {
            fleet.connect(context.connector(), endpoint, s -> null, Duration.ofMinutes(3));
            PacedPublisher publisher = new PacedPublisher(context.clients(caseName) + "-pub", 100);
            publisher.connect(context.connector(), endpoint);
            JsonObject before = serverMetrics ? context.server().metrics() : null;
            CpuWindow cpu = CpuWindow.start(context.server());
            long[] expected = {Long.MAX_VALUE};
            try (AutoCloseable profile = profiled ? context.profile(caseName) : () -> { };
                 Progress progress = new Progress(caseName, () -> "published " + publisher.sent() + ", receipts "
                    + publisher.receipts() + ", delivered " + tally.delivered.sum()
                    + (expected[0] == Long.MAX_VALUE ? "" : "/" + expected[0])
                    + ", server " + String.format("%.1f", cpu.serverSeconds()) + " cpu-s")) {
                publisher.run(topics, eventsPerSecond, duration);
                expected[0] = topics.stream().mapToLong(t -> publisher.receipts(t) * fleet.subscribersOf(t)).sum();
                Wait.quietly(Duration.ofSeconds(30), () -> tally.delivered.sum() >= expected[0]);
            }
            cpu.put(figures);
            publisher.close();
            long delivered = tally.delivered.sum();
            double serverCpu = (double) figures.get("server_cpu_s");
            figures.put("clients", (long) clients);
            figures.put("connected", (long) (clients - fleet.connectFailures()));
            figures.put("topics", (long) topicCount);
            figures.put("offered_events_per_s", eventsPerSecond);
            figures.put("offered_deliveries_per_s", eventsPerSecond * clients / topicCount);
            figures.put("published", publisher.receipts());
            figures.put("committed_events_per_s", publisher.receipts() / (double) duration.toSeconds());
            figures.put("publish_errors", publisher.errors());
            figures.put("expected", expected[0]);
            figures.put("delivered", delivered);
            figures.put("delivered_pct", expected[0] == 0 ? 0.0 : 100.0 * delivered / expected[0]);
            figures.put("p50_ms", tally.percentileMs(50));
            figures.put("p99_ms", tally.percentileMs(99));
            figures.put("p999_ms", tally.percentileMs(99.9));
            figures.put("max_ms", tally.latency.getMaxValue() / 1000.0);
            figures.put("deliveries_per_server_cpu_s", serverCpu == 0 ? 0.0 : delivered / serverCpu);
            figures.put("gaps", tally.gaps.sum());
            figures.put("duplicates", tally.duplicates.sum());
            figures.put("redelivered_frames", tally.redeliveredFrames.sum());
            figures.put("acks_sent", tally.acks.sum());
            figures.put("close_codes", tally.closeCodes());
            if (serverMetrics) {
                s5(before, context.server().metrics(), caseName);
            }
        } catch (Exception e) {
            throw new IllegalStateException("S2 " + caseName + " failed", e);
        }
        return figures;
    }

    /**
     * S5: the server's commit → queued histogram ({@code commit_to_queued_ms}; a server without it
     * reports append → queued, {@code latency_ms}) around one steady run: the reading before subtracted
     * from the one after, so that the percentiles are the run's alone. A server that does not show its
     * histogram gives its percentiles since it started ({@code scope}).
     */
    private void s5(JsonObject before, JsonObject after, String caseName) {
        String histogram = after.containsKey("commit_to_queued_ms") ? "commit_to_queued_ms" : "latency_ms";
        JsonObject latency = after.getJsonObject(histogram);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("histogram", histogram);
        figures.put("samples", latency.getJsonNumber("count").longValue()
                - before.getJsonObject(histogram).getJsonNumber("count").longValue());
        if (latency.containsKey("histogram")) {
            Histogram run = Hooks.histogram(latency);
            run.subtract(Hooks.histogram(before.getJsonObject(histogram)));
            figures.put("scope", "run");
            for (double p : List.of(50.0, 90.0, 99.0)) {
                figures.put("p" + (int) p + "_ms", run.getValueAtPercentile(p) / 1000.0);
            }
            figures.put("max_ms", run.getMaxValue() / 1000.0);
            figures.put("since_start_p99_ms", latency.getJsonNumber("p99").doubleValue());
        } else {
            figures.put("scope", "since start");
            for (String p : List.of("p50", "p90", "p99", "max")) {
                figures.put(p + "_ms", latency.getJsonNumber(p).doubleValue());
            }
        }
        figures.put("sent", after.getJsonNumber("sent").longValue() - before.getJsonNumber("sent").longValue());
        figures.put("acked", after.getJsonNumber("acked").longValue() - before.getJsonNumber("acked").longValue());
        figures.put("redelivered", after.getJsonNumber("redelivered").longValue()
                - before.getJsonNumber("redelivered").longValue());
        figures.put("failed", after.getJsonNumber("failed").longValue() - before.getJsonNumber("failed").longValue());
        if (context.config().runs("s5")) {
            context.report().add(new Report.Row("S5 commit to queued (server histogram)", context.server().db(),
                    caseName, List.of(figures)));
            try {
                context.report().write();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
