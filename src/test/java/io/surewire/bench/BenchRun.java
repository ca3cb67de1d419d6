package io.surewire.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * One benchmark run: for each database asked for, a server of its own, then the scenarios asked for,
 * in the order S1 (idle), S2 (fan-out, with S5 around it), S3 (latency below the maximum), S4
 * (reconnect storm), S6 (publish throughput); then S7 (cross-node latency) on two servers of its own,
 * a cluster on PostgreSQL. The report is rewritten after every case, and every server is stopped at
 * the end, also when a scenario fails.
 */
final class BenchRun {

    private static final Logger LOG = Logger.getLogger(BenchRun.class.getName());

    private BenchRun() {
    }

    static Report run(BenchConfig config) throws Exception {
        Report report = new Report(config);
        raiseOpenFileLimit(report);
        report.note("generator", "this JVM, Netty with 2 IO threads, source addresses 127.0.0.1-4");
        report.note("war_settings", config.warSettings().toString());
        String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        boolean oneServer = List.of("s1", "s2", "s3", "s4", "s5", "s6").stream().anyMatch(config::runs);
        for (String db : oneServer ? config.databases() : List.<String>of()) {
            LOG.info(() -> "bench: " + config.scale() + " run on " + db + ", scenarios " + config.scenarios());
            try (BenchServer server = BenchServer.prepare(db, config.serverJvmArgs(), config.warSettings());
                 WsConnector connector = new WsConnector(2, 4, 500)) {
                server.start();
                BenchContext context = new BenchContext(server, connector, config, report, runId + db.charAt(0));
                new FanoutScenario(context).warmUp();
                if (config.runs("s1")) {
                    new IdleScenario(context).run();
                }
                if (config.runs("s2") || config.runs("s5")) {
                    new FanoutScenario(context).run();
                }
                if (config.runs("s3")) {
                    new LatencyScenario(context).run();
                }
                if (config.runs("s4")) {
                    new ReconnectStormScenario(context).run();
                }
                if (config.runs("s6")) {
                    new PublishThroughputScenario(context).run();
                }
            }
        }
        if (config.runs("s7") && config.databases().contains("postgresql")) {
            LOG.info(() -> "bench: S7, two nodes of a cluster on postgresql");
            ClusterScenario.run(config, report, runId);
        }
        report.write();
        LOG.info(() -> "bench: results in " + Report.DIRECTORY.toAbsolutePath() + "/results.{json,md}");
        return report;
    }

    /**
     * N connections need N descriptors in this JVM and N in the server: the soft limit goes up to the
     * hard one (raising that needs {@code ulimit -Hn} in the shell that runs Maven).
     */
    private static void raiseOpenFileLimit(Report report) throws IOException, InterruptedException {
        Process prlimit = new ProcessBuilder("prlimit", "--pid", Long.toString(ProcessHandle.current().pid()),
                "--nofile=" + hardOpenFileLimit() + ":" + hardOpenFileLimit()).redirectErrorStream(true).start();
        String out = new String(prlimit.getInputStream().readAllBytes());
        if (prlimit.waitFor() != 0) {
            LOG.warning("could not raise the open file limit: " + out.trim());
        }
        report.note("open_file_limit", openFileLimit() + " (generator and server each; connections above it are skipped)");
    }

    /** The soft limit of open files of this JVM. */
    static long openFileLimit() {
        return limit(3);
    }

    private static long hardOpenFileLimit() {
        return limit(4);
    }

    private static long limit(int column) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String value = line.trim().split("\\s+")[column];
                    return "unlimited".equals(value) ? Long.MAX_VALUE : Long.parseLong(value);
                }
            }
        } catch (IOException e) {
            LOG.warning("cannot read /proc/self/limits: " + e);
        }
        return 1024;
    }
}
