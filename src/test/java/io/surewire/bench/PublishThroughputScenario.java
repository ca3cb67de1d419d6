package io.surewire.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * S6, publish throughput: 16 concurrent publishers for D seconds over HTTP and over WebSocket
 * {@code publish} frames, to 1 topic and to 100; on PostgreSQL also {@code pgbench} running the
 * append transaction by hand (lock the topic row, last_seq + 1, insert the event) with 16 clients on
 * the same number of topics, and the ratio of Surewire's rate to it. The WebSocket case times each
 * publish's receipt, and with {@code s6.subscribers} publishes to topics that have subscribers.
 */
final class PublishThroughputScenario {

    private static final int PUBLISHERS = 16;
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

    private final BenchContext context;
    private int round;

    PublishThroughputScenario(BenchContext context) {
        this.context = context;
    }

    void run() throws IOException {
        BenchConfig config = context.config();
        Duration duration = config.duration();
        warmUpHttp(config);
        for (int topicCount : config.sizes("s6.topics", List.of(1, 100), List.of(1, 10))) {
            String suffix = PUBLISHERS + " publishers, " + topicCount + (topicCount == 1 ? " topic" : " topics");
            context.measure("S6 publish throughput", "http, " + suffix, () -> http(topicCount, duration));
            context.measure("S6 publish throughput", "websocket, " + suffix, () -> webSocket(topicCount, duration));
            if (context.server().database() != null) {
                context.measure("S6 publish throughput", "pgbench, " + suffix, () -> pgbench(topicCount, duration));
                ratios(suffix);
            }
        }
    }

    /**
     * The common warm-up publishes over WebSocket only: HTTP publishes run in rounds, unmeasured, until
     * the JIT uses at most {@code warmup.jit-percent} of a core over a round (at most
     * {@code s6.warmup-max-seconds}), so that the first HTTP case does not measure the JIT compiling its path.
     */
    private void warmUpHttp(BenchConfig config) {
        Duration round = Duration.ofSeconds(config.size("s6.warmup-round", 10, 1));
        double settled = config.size("warmup.jit-percent", 5, 100) / 100.0;
        long deadline = System.nanoTime() + Duration.ofSeconds(config.size("s6.warmup-max-seconds", 120, 1)).toNanos();
        List<String> topics = context.topics("http-warmup", 10);
        int rounds = 0;
        double jit;
        do {
            rounds++;
            CpuWindow cpu = CpuWindow.start(context.server());
            try (HttpPublishers publishers = new HttpPublishers(context.server())) {
                publishers.publishFor(topics, round, PUBLISHERS);
            } catch (Exception e) {
                throw new IllegalStateException("S6 http warm-up failed", e);
            }
            jit = cpu.jitCores();
        } while (jit > settled && System.nanoTime() < deadline);
        context.report().note("s6_http_warmup_" + context.server().db(), String.format(
                "%d round(s) of %d s; the JIT used %.2f cores in the last", rounds, round.toSeconds(), jit));
    }

    private Map<String, Object> http(int topicCount, Duration duration) {
        Map<String, Object> figures = new LinkedHashMap<>();
        String caseName = "http" + topicCount + "-" + (++round);
        List<String> topics = context.topics(caseName, topicCount);
        try (HttpPublishers publishers = new HttpPublishers(context.server());
             AutoCloseable profile = context.profile(caseName);
             Progress progress = new Progress("S6 http", () -> "published " + publishers.published.sum())) {
            CpuWindow cpu = CpuWindow.start(context.server());
            publishers.publishFor(topics, duration, PUBLISHERS);
            cpu.put(figures);
            put(figures, publishers.published.sum(), publishers.errors.sum());
            figures.put("p50_ms", publishers.latency.getValueAtPercentile(50) / 1000.0);
            figures.put("p99_ms", publishers.latency.getValueAtPercentile(99) / 1000.0);
        } catch (Exception e) {
            throw new IllegalStateException("S6 http failed", e);
        }
        return figures;
    }

    /**
     * The WebSocket case; with {@code s6.subscribers} above 0, that many subscribers of each topic, each
     * acking every event, receive what is published meanwhile, so that the receipts are timed while every
     * commit also hands its events to subscribers.
     */
    private Map<String, Object> webSocket(int topicCount, Duration duration) {
        Map<String, Object> figures = new LinkedHashMap<>();
        String caseName = "ws" + topicCount + "-" + (++round);
        List<String> topics = context.topics(caseName, topicCount);
        int subscribers = context.config().size("s6.subscribers", 0, 2);
        Tally tally = new Tally();
        List<ClosedLoopPublisher> publishers = new ArrayList<>();
        List<CompletableFuture<Void>> running = new ArrayList<>();
        try (SubscriberFleet fleet = subscribers == 0 ? null
                : new SubscriberFleet(context.clients(caseName) + "-s", subscribers * topicCount, topics, tally, null)) {
            if (fleet != null) {
                fleet.connect(context.connector(), context.server().surewire(), s -> null, Duration.ofMinutes(3));
            }
            CpuWindow cpu = CpuWindow.start(context.server());
            long deadline = System.nanoTime() + duration.toNanos();
            for (int i = 0; i < PUBLISHERS; i++) {
                ClosedLoopPublisher publisher = new ClosedLoopPublisher(context.clients(caseName) + "-p" + i, topics, deadline, i);
                publishers.add(publisher);
                running.add(publisher.start(context.connector(), context.server().surewire()));
            }
            try (AutoCloseable profile = context.profile(caseName);
                 Progress progress = new Progress("S6 websocket", () -> "published "
                         + publishers.stream().mapToLong(p -> p.receipts.sum()).sum()
                         + (fleet == null ? "" : ", delivered " + tally.delivered.sum()))) {
                CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
                        .get(duration.toSeconds() + 60, TimeUnit.SECONDS);
            }
            cpu.put(figures);
            long receipts = publishers.stream().mapToLong(p -> p.receipts.sum()).sum();
            put(figures, receipts, publishers.stream().mapToLong(p -> p.errors.sum()).sum());
            Histogram latency = new Histogram(3_600_000_000L, 3);
            publishers.forEach(p -> latency.add(p.latency));
            figures.put("p50_ms", latency.getValueAtPercentile(50) / 1000.0);
            figures.put("p99_ms", latency.getValueAtPercentile(99) / 1000.0);
            if (fleet != null) {
                deliveries(figures, fleet, receipts * subscribers, subscribers);
            }
        } catch (Exception e) {
            throw new IllegalStateException("S6 websocket failed", e);
        }
        return figures;
    }

    /**
     * What the subscribers of the WebSocket case received: every committed event reaches every
     * subscriber of its topic (waited for, bounded, after the publishers stopped).
     */
    private static void deliveries(Map<String, Object> figures, SubscriberFleet fleet, long expected, int perTopic) {
        Tally tally = fleet.tally();
        long inTime = tally.delivered.sum();
        Wait.quietly(Duration.ofSeconds(30), () -> tally.delivered.sum() >= expected);
        long delivered = tally.delivered.sum();
        figures.put("subscribers_per_topic", (long) perTopic);
        figures.put("connected", (long) fleet.subscribers().size() - fleet.connectFailures());
        figures.put("expected", expected);
        figures.put("delivered", delivered);
        figures.put("delivered_pct", expected == 0 ? 0.0 : 100.0 * delivered / expected);
        figures.put("delivered_by_the_end_pct", expected == 0 ? 0.0 : 100.0 * inTime / expected);
        figures.put("delivery_p50_ms", tally.percentileMs(50));
        figures.put("delivery_p99_ms", tally.percentileMs(99));
        figures.put("gaps", tally.gaps.sum());
        figures.put("duplicates", tally.duplicates.sum());
        figures.put("close_codes", tally.closeCodes());
    }

    /** The append transaction by hand, in the bench database, with pgbench's 16 clients. */
    private Map<String, Object> pgbench(int topicCount, Duration duration) {
        Map<String, Object> figures = new LinkedHashMap<>();
        String prefix = "pgbench/" + context.runId() + "/" + topicCount + "-" + (++round) + "/t";
        try {
            try (Connection db = context.server().connectDatabase();
                 PreparedStatement insert = db.prepareStatement(
                         "INSERT INTO sw_topic (name, epoch, last_seq, created_at) VALUES (?, 1, 0, now())")) {
                for (int i = 0; i < topicCount; i++) {
                    insert.setString(1, prefix + i);
                    insert.executeUpdate();
                }
            }
            Path script = Report.DIRECTORY.resolve("pgbench-append.sql").toAbsolutePath();
            Files.createDirectories(script.getParent());
            Files.writeString(script, String.join("\n",
                    "\\set t random(0, " + (topicCount - 1) + ")",
                    "BEGIN;",
                    "SELECT last_seq FROM sw_topic WHERE name = '" + prefix + "' || :t FOR UPDATE;",
                    "UPDATE sw_topic SET last_seq = last_seq + 1 WHERE name = '" + prefix + "' || :t RETURNING last_seq AS seq \\gset",
                    "INSERT INTO sw_event (topic, seq, epoch, id, ts, requires_ack, payload) VALUES ('" + prefix
                            + "' || :t, :seq, 1, gen_random_uuid()::text, now(), true, '{\"bench_t\":0,\"i\":0,\"pad\":\""
                            + "x".repeat(60) + "\"}');",
                    "COMMIT;", ""));
            List<String> command = List.of(pgbench(), "-h", "127.0.0.1", "-U", "postgres", "-n", "-c",
                    Integer.toString(PUBLISHERS), "-j", "2", "-T", Long.toString(duration.toSeconds()), "-f",
                    script.toString(), context.server().database());
            double childrenBefore = ProcCpu.children();
            CpuWindow cpu = CpuWindow.start(context.server());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("pgbench failed: " + out);
            }
            cpu.put(figures);
            figures.put("pgbench_cpu_s", ProcCpu.children() - childrenBefore);
            Matcher tps = TPS.matcher(out);
            if (!tps.find()) {
                throw new IllegalStateException("no tps in pgbench's output: " + out);
            }
            double rate = Double.parseDouble(tps.group(1));
            figures.put("publishes", (long) (rate * duration.toSeconds()));
            figures.put("errors", 0L);
            figures.put("publishes_per_s", rate);
            figures.put("publishes_per_server_cpu_s", rate * duration.toSeconds() / (double) figures.get("server_cpu_s"));
        } catch (Exception e) {
            throw new IllegalStateException("S6 pgbench failed", e);
        }
        return figures;
    }

    /** Surewire's publish rates over the rate of the same transaction by hand (the medians of the rows just measured). */
    private void ratios(String suffix) throws IOException {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (Report.Row row : context.report().rows()) {
            if (row.db().equals(context.server().db()) && row.name().endsWith(suffix)) {
                rates.put(row.name().substring(0, row.name().indexOf(',')),
                        ((Number) row.median().get("publishes_per_s")).doubleValue());
            }
        }
        double pgbench = rates.getOrDefault("pgbench", 0.0);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("http_vs_pgbench", pgbench == 0 ? 0.0 : rates.getOrDefault("http", 0.0) / pgbench);
        figures.put("websocket_vs_pgbench", pgbench == 0 ? 0.0 : rates.getOrDefault("websocket", 0.0) / pgbench);
        context.report().add(new Report.Row("S6 publish throughput, ratio to pgbench", context.server().db(),
                "ratio, " + suffix, List.of(figures)));
        context.report().write();
    }

    private static void put(Map<String, Object> figures, long publishes, long errors) {
        double wall = (double) figures.get("wall_s");
        double serverCpu = (double) figures.get("server_cpu_s");
        figures.put("publishes", publishes);
        figures.put("errors", errors);
        figures.put("publishes_per_s", publishes / wall);
        figures.put("publishes_per_server_cpu_s", serverCpu == 0 ? 0.0 : publishes / serverCpu);
    }

    private static String pgbench() throws IOException {
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(Path.of("/usr/lib/postgresql"))) {
            for (Path version : versions) {
                Path pgbench = version.resolve("bin").resolve("pgbench");
                if (Files.isExecutable(pgbench)) {
                    return pgbench.toString();
                }
            }
        }
        throw new IllegalStateException("no pgbench under /usr/lib/postgresql/*/bin");
    }
}
