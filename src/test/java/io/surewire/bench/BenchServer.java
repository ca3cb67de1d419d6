package io.surewire.bench;

import io.surewire.bench.raw.RawDeployment;
import io.surewire.it.Deployments;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

/**
 * The WildFly under load, started by the harness: its own base directory under
 * {@code target/bench/server-<db>/}, ports offset by 100 (HTTP 8180), loopback only, the Surewire
 * WAR at {@code /} and the raw broadcast baseline at {@code /raw}. On H2 its data stays in that
 * directory; on PostgreSQL it gets a fresh database that {@link #close()} drops. Its open file
 * limit is the hard limit of the shell that ran Maven ({@code standalone.sh} raises the soft one).
 */
final class BenchServer implements AutoCloseable {

    static final int PORT_OFFSET = 100;
    static final int HTTP_PORT = 8080 + PORT_OFFSET;
    static final int MANAGEMENT_PORT = 9990 + PORT_OFFSET;
    private static final Logger LOG = Logger.getLogger(BenchServer.class.getName());
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final String db;
    private final String jvmArgs;
    private final Path baseDir;
    private final String database;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private Process process;
    private ProcessHandle java;

    private BenchServer(String db, String jvmArgs, Path baseDir, String database) {
        this.db = db;
        this.jvmArgs = jvmArgs;
        this.baseDir = baseDir;
        this.database = database;
    }

    /** A fresh base directory with both WARs (and, for PostgreSQL, a fresh database). */
    static BenchServer prepare(String db, String jvmArgs, Map<String, String> settings) throws IOException, SQLException {
        Path base = Path.of("target", "bench", "server-" + db).toAbsolutePath();
        deleteTree(base);
        Path configuration = Path.of(System.getProperty("jboss.home"), "standalone", "configuration");
        Files.createDirectories(base.resolve("deployments"));
        Files.createDirectories(base.resolve("configuration"));
        try (Stream<Path> files = Files.list(configuration)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, base.resolve("configuration").resolve(file.getFileName()));
            }
        }
        Deployments.surewire(settings).as(ZipExporter.class)
                .exportTo(base.resolve("deployments").resolve("surewire.war").toFile(), true);
        RawDeployment.war().as(ZipExporter.class).exportTo(base.resolve("deployments").resolve("raw.war").toFile(), true);
        String database = null;
        if ("postgresql".equals(db)) {
            database = "surewire_bench_" + System.currentTimeMillis();
            try (Connection admin = admin(); Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE " + database);
            }
        }
        return new BenchServer(db, jvmArgs, base, database);
    }

    String db() {
        return db;
    }

    String jvmArgs() {
        return jvmArgs;
    }

    String database() {
        return database;
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + HTTP_PORT + path);
    }

    URI surewire() {
        return URI.create("ws://127.0.0.1:" + HTTP_PORT + "/ws/client");
    }

    URI raw() {
        return URI.create("ws://127.0.0.1:" + HTTP_PORT + "/raw/ws/client");
    }

    /** Starts WildFly and waits until both deployments are up and the application answers its health check. */
    void start() throws IOException {
        Wait.until("ports " + HTTP_PORT + " and " + MANAGEMENT_PORT + " free (an earlier server still stopping?)",
                Duration.ofMinutes(1), () -> free(HTTP_PORT) && free(MANAGEMENT_PORT));
        Path home = Path.of(System.getProperty("jboss.home"));
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve("standalone.sh").toString(),
                "-c", "surewire-" + db + ".xml", "--stability=community",
                "-Djboss.server.base.dir=" + baseDir,
                "-Djboss.socket.binding.port-offset=" + PORT_OFFSET,
                "-Djboss.bind.address=127.0.0.1",
                "-Djboss.bind.address.management=127.0.0.1",
                "-Dsurewire.node=surewire-bench"));
        if (database != null) {
            command.add("-Dsurewire.db.url=" + adminUrl().substring(0, adminUrl().lastIndexOf('/') + 1) + database);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(baseDir.resolve("console.log").toFile());
        builder.environment().put("JBOSS_JAVA_SIZING", jvmArgs);
        process = builder.start();
        Wait.until("WildFly deployed surewire.war and raw.war", Duration.ofMinutes(3), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("WildFly ended; see " + baseDir.resolve("console.log"));
            }
            return Files.exists(baseDir.resolve("deployments/surewire.war.deployed"))
                    && Files.exists(baseDir.resolve("deployments/raw.war.deployed"));
        });
        Wait.until("health", Duration.ofMinutes(1), () -> {
            try {
                return get("/api/health").statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        java = process.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no java process under standalone.sh"));
        LOG.info(() -> "bench server up on " + db + ", pid " + java.pid() + ", " + jvmArgs);
    }

    long pid() {
        return java.pid();
    }

    private static boolean free(int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** The server's CPU seconds: the WildFly JVM, plus every PostgreSQL process when on PostgreSQL. */
    double cpuSeconds() {
        return jvmCpuSeconds() + databaseCpuSeconds();
    }

    double jvmCpuSeconds() {
        return ProcCpu.seconds(java.pid());
    }

    /** CPU seconds of the JVM's JIT compiler threads (part of {@link #jvmCpuSeconds}). */
    double jitCpuSeconds() {
        return ProcCpu.compilerThreads(java.pid());
    }

    double databaseCpuSeconds() {
        return database == null ? 0 : ProcCpu.postgres();
    }

    /** Heap used after a full GC, in bytes ({@code jcmd GC.run}, then {@code GC.heap_info}). */
    long heapUsedAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("no heap figure in: " + info);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(java.pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        return out;
    }

    /** {@code GET /api/websocket/metrics}. */
    JsonObject metrics() throws IOException {
        HttpResponse<String> response = get("/api/websocket/metrics");
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    HttpResponse<String> get(String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(http(path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** A connection to the server's database (PostgreSQL only). */
    Connection connectDatabase() throws SQLException {
        return DriverManager.getConnection(adminUrl().substring(0, adminUrl().lastIndexOf('/') + 1) + database, "postgres", "");
    }

    /**
     * Stops WildFly (TERM, then KILL after 30 s), its JVM too even when the script that started it
     * is already gone, and drops the bench database.
     */
    @Override
    public void close() throws Exception {
        if (process != null) {
            List<ProcessHandle> javas = new ArrayList<>(process.descendants().toList());
            if (java != null && !javas.contains(java)) {
                javas.add(java);
            }
            javas.forEach(ProcessHandle::destroy);
            process.destroy();
            for (ProcessHandle p : javas) {
                try {
                    p.onExit().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    p.destroyForcibly();
                    p.onExit().get(30, TimeUnit.SECONDS);
                }
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (database != null) {
            try (Connection admin = admin(); Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    static String adminUrl() {
        return System.getProperty("surewire.it.admin-url", "jdbc:postgresql://127.0.0.1:5432/postgres");
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(adminUrl(), "postgres", "");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
