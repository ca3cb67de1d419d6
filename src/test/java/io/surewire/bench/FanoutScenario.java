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
 * nothing (what receiving the acks alone costs). Also S5: the server's own commit → queued histogram,
 * read before and after the Surewire run, beside the baselines' frame built → queued read around theirs.
 */
final class FanoutScenario {

    private static final Logger LOG = Logger.getLogger(FanoutScenario.class.getName());
    /** The shipped browser client's {@code ackMaxEvents}. */
    private static final int ACK_MAX_EVENTS = 100;
    private static final String S5 = "S5 commit to queued (server histogram)";
    /** The figure of a measured case that carries its queued histogram's, until {@link #s5} takes it out. */
    private static final String S5_FIGURES = "s5";
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
            measure(context.server().surewire(), "warmup" + rounds, clients, 10, 100, round, null, false);
            measure(context.server().raw(), "warmup-raw" + rounds, clients, 10, 100, round, null, false);
            measure(context.server().rawAcked(), "warmup-rawack" + rounds, clients, 10, 100, round, null, false);
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
                String surewireCase = name + "-sw" + round[0];
                String rawCase = name + "-raw" + round[0];
                String ackedCase = name + "-rawack" + round[0];
                Map<String, Object> surewire = measure(context.server().surewire(), surewireCase, clients, topics,
                        eventsPerSecond, config.duration(), Queued.SUREWIRE, true);
                Map<String, Object> raw = measure(context.server().raw(), rawCase, clients, topics,
                        eventsPerSecond, config.duration(), Queued.BASELINE, true);
                Map<String, Object> rawAcked = measure(context.server().rawAcked(), ackedCase, clients,
                        topics, eventsPerSecond, config.duration(), Queued.BASELINE, false);
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
                Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
                cases.put(surewireCase, surewire);
                cases.put(rawCase, raw);
                cases.put(ackedCase, rawAcked);
                s5(cases, rawCase, ackedCase);
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

    /**
     * S5 of one run: each case's queued histogram, taken out of its S2 figures (Surewire's commit → queued,
     * the two baselines' frame built → queued under the same load), reported when S5 runs, each beside
     * both baselines' p50 and p99 ({@code vs_raw_*}, {@code vs_raw_acked_*}).
     */
    @SuppressWarnings("unchecked")
    private void s5(Map<String, Map<String, Object>> cases, String rawCase, String ackedCase) {
        Map<String, Map<String, Object>> queued = new LinkedHashMap<>();
        cases.forEach((caseName, figures) -> queued.put(caseName, (Map<String, Object>) figures.remove(S5_FIGURES)));
        if (!context.config().runs("s5")) {
            return;
        }
        Map<String, Object> raw = queued.get(rawCase);
        Map<String, Object> rawAcked = queued.get(ackedCase);
        queued.forEach((caseName, figures) -> {
            for (String percentile : List.of("p50", "p99")) {
                figures.put("vs_raw_" + percentile, ratio(figures.get(percentile + "_ms"), raw.get(percentile + "_ms")));
                figures.put("vs_raw_acked_" + percentile, ratio(figures.get(percentile + "_ms"),
                        rawAcked.get(percentile + "_ms")));
            }
            context.report().add(new Report.Row(S5, context.server().db(), caseName, List.of(figures)));
        });
        try {
            context.report().write();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double ratio(Object a, Object b) {
        double denominator = ((Number) b).doubleValue();
        return denominator == 0 ? 0 : ((Number) a).doubleValue() / denominator;
    }

    /**
     * One measurement: connects the subscribers, publishes for {@code duration}, waits (bounded) until
     * every committed event reached every subscriber of its topic, and reports what arrived and the
     * CPU it took. With {@code queued} it also reads that histogram before and after, for S5 (the run's
     * percentiles under {@value #S5_FIGURES}); with {@code profiled}, the server is profiled while it
     * publishes when {@code bench.profile} says so.
     */
    Map<String, Object> measure(URI endpoint, String caseName, int clients, int topicCount, double eventsPerSecond,
                                Duration duration, Queued queued, boolean profiled) {
        Map<String, Object> figures = new LinkedHashMap<>();
        Tally tally = new Tally();
        List<String> topics = context.topics(caseName, topicCount);
        Duration ackDelay = ackDelay(context.config());
        try (SubscriberFleet fleet = new SubscriberFleet(context.clients(caseName), clients, topics, tally, null)
                .coalesceAcks(ackDelay, ACK_MAX_EVENTS)) {
            fleet.connect(context.connector(), endpoint, s -> null, Duration.ofMinutes(3));
            PacedPublisher publisher = new PacedPublisher(context.clients(caseName) + "-pub", 100);
            publisher.connect(context.connector(), endpoint);
            JsonObject before = queued == null ? null : queued.read(context.server());
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
            if (queued != null) {
                figures.put(S5_FIGURES, queued(queued, before, queued.read(context.server())));
            }
        } catch (Exception e) {
            throw new IllegalStateException("S2 " + caseName + " failed", e);
        }
        return figures;
    }

    /**
     * One case's queued histogram around one steady run: the reading before subtracted from the one after,
     * so that the percentiles are the run's alone. Surewire's is commit → queued ({@code commit_to_queued_ms};
     * a server without it reports append → queued, {@code latency_ms}), with its frames sent, acked,
     * redelivered and failed in the run; a server that does not show its histogram gives its percentiles
     * since it started ({@code scope}).
     */
    private static Map<String, Object> queued(Queued queued, JsonObject before, JsonObject after) {
        String histogram = queued == Queued.BASELINE ? "queued_ms"
                : after.containsKey("commit_to_queued_ms") ? "commit_to_queued_ms" : "latency_ms";
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
        if (queued == Queued.SUREWIRE) {
            for (String count : List.of("sent", "acked", "redelivered", "failed")) {
                figures.put(count, after.getJsonNumber(count).longValue() - before.getJsonNumber(count).longValue());
            }
        }
        return figures;
    }

    /** Where a case's queued histogram is read: Surewire's metrics, or the raw baseline's {@code /raw/queued}. */
    enum Queued {
        SUREWIRE, BASELINE;

        JsonObject read(BenchServer server) throws IOException {
            return this == SUREWIRE ? server.metrics() : server.rawQueued();
        }
    }
}
