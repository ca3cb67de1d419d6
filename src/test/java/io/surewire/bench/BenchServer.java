package io.surewire.bench;

import io.surewire.bench.raw.RawDeployment;
import io.surewire.it.Deployments;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
    private static final Logger LOG = Logger.getLogger(BenchServer.class.getName());
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final String db;
    private final String jvmArgs;
    private final Path baseDir;
    private final String database;
    /** Whether {@link #close} drops {@link #database}: the server that created it. */
    private final boolean ownsDatabase;
    private final int portOffset;
    private final String configuration;
    private final List<String> properties;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private Process process;
    private ProcessHandle java;

    private BenchServer(String db, String jvmArgs, Path baseDir, String database, boolean ownsDatabase, int portOffset,
                        String configuration, List<String> properties) {
        this.db = db;
        this.jvmArgs = jvmArgs;
        this.baseDir = baseDir;
        this.database = database;
        this.ownsDatabase = ownsDatabase;
        this.portOffset = portOffset;
        this.configuration = configuration;
        this.properties = List.copyOf(properties);
    }

    /** A fresh base directory with both WARs (and, for PostgreSQL, a fresh database). */
    static BenchServer prepare(String db, String jvmArgs, Map<String, String> settings) throws IOException, SQLException {
        Path base = baseDir("server-" + db, settings);
        String database = "postgresql".equals(db) ? createDatabase() : null;
        return new BenchServer(db, jvmArgs, base, database, true, PORT_OFFSET, "surewire-" + db + ".xml",
                List.of("-Dsurewire.node=surewire-bench"));
    }

    /**
     * Node {@code node} (1-based) of a cluster on PostgreSQL whose nodes run at the port offsets
     * {@code offsets}; the first node creates the database ({@code database} null), the others share it.
     */
    static BenchServer clusterNode(int node, List<Integer> offsets, String jvmArgs, Map<String, String> settings,
                                   String database) throws IOException, SQLException {
        Map<String, String> clustered = new HashMap<>(settings);
        clustered.put("surewire.cluster.enabled", "true");
        Path base = baseDir("cluster-node-" + node, clustered);
        String hosts = offsets.stream().map(offset -> "127.0.0.1[" + (7600 + offset) + "]")
                .collect(Collectors.joining(","));
        String name = "surewire-bench-" + node;
        return new BenchServer("postgresql", jvmArgs, base, database == null ? createDatabase() : database,
                database == null, offsets.get(node - 1), "surewire-cluster.xml",
                List.of("-Dsurewire.node=" + name, "-Djboss.node.name=" + name, "-Dsurewire.cluster.hosts=" + hosts));
    }

    private static String createDatabase() throws SQLException {
        String database = "surewire_bench_" + System.currentTimeMillis();
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        return database;
    }

    private static Path baseDir(String name, Map<String, String> settings) throws IOException {
        Path base = Path.of("target", "bench", name).toAbsolutePath();
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
        return base;
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
        return URI.create("http://127.0.0.1:" + (8080 + portOffset) + path);
    }

    URI surewire() {
        return ws("/ws/client");
    }

    URI raw() {
        return ws("/raw/ws/client");
    }

    /** The raw broadcast whose events ask for an ack: the clients ack them, the endpoint reads the acks. */
    URI rawAcked() {
        return ws("/raw/ws/acked");
    }

    private URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + (8080 + portOffset) + path);
    }

    /** Starts WildFly and waits until both deployments are up and the application answers its health check. */
    void start() throws IOException {
        int httpPort = 8080 + portOffset;
        int managementPort = 9990 + portOffset;
        Wait.until("ports " + httpPort + " and " + managementPort + " free (an earlier server still stopping?)",
                Duration.ofMinutes(1), () -> free(httpPort) && free(managementPort));
        Path home = Path.of(System.getProperty("jboss.home"));
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve("standalone.sh").toString(),
                "-c", configuration, "--stability=community",
                "-Djboss.server.base.dir=" + baseDir,
                "-Djboss.socket.binding.port-offset=" + portOffset,
                "-Djboss.bind.address=127.0.0.1",
                "-Djboss.bind.address.management=127.0.0.1"));
        command.addAll(properties);
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
    /**
     * Waits (two minutes at most) until the application holds no WebSocket connection: the closes of the
     * last case's clients are all handled, so that none of them is counted in a heap measured next.
     */
    void awaitNoConnections() {
        Wait.until("no WebSocket connection left on the server", Duration.ofMinutes(2), () -> {
            try {
                return metrics().getInt("connections") == 0;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** The server JVM's open file descriptors: among them a socket for every connection it still holds. */
    long openDescriptors() throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(java.pid()), "fd"))) {
            return descriptors.count();
        }
    }

    long heapUsedAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("no heap figure in: " + info);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    /**
     * A CPU profile of the server until the returned handle closes: async-profiler, loaded into the
     * running JVM, samples every thread (native and kernel frames included) and writes collapsed stacks,
     * one line per stack and its count, as flame graph tools read them, to
     * {@code target/bench/profiles/<db>-<name>.collapsed}. Needs the agent on the class path: {@code -Pbench}.
     */
    AutoCloseable profile(String name) throws IOException, InterruptedException {
        Path agent = profilerAgent();
        Path out = baseDir.getParent().resolve("profiles").resolve(db + "-" + name + ".collapsed");
        Files.createDirectories(out.getParent());
        profiler(agent, "start,event=cpu,interval=997us,threads");
        return () -> {
            profiler(agent, "stop,collapsed,file=" + out);
            LOG.info(() -> "profile of " + name + ": " + out);
        };
    }

    /** Gives the profiler agent a command; the agent answers 0 when it took it. */
    private void profiler(Path agent, String command) throws IOException, InterruptedException {
        String answer = jcmd("JVMTI.agent_load", agent.toString(), "\"" + command + "\"");
        if (!answer.contains("return code: 0")) {
            throw new IllegalStateException("the profiler refused " + command + ": " + answer.strip());
        }
    }

    private Path profilerAgent() throws IOException {
        Path agent = baseDir.getParent().resolve("libasyncProfiler.so");
        if (!Files.exists(agent)) {
            try (InputStream library = BenchServer.class.getClassLoader().getResourceAsStream("linux-x64/libasyncProfiler.so")) {
                if (library == null) {
                    throw new IllegalStateException("bench.profile needs async-profiler on the class path: run with -Pbench");
                }
                Files.copy(library, agent);
            }
        }
        return agent;
    }

    private String jcmd(String... command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> line = new ArrayList<>(List.of(jcmd.toString(), Long.toString(java.pid())));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        return out;
    }

    /** {@code GET /api/websocket/metrics}. */
    JsonObject metrics() throws IOException {
        return json("/api/websocket/metrics");
    }

    /** {@code GET /raw/queued}: the raw baseline's frame built → queued histogram since it was deployed. */
    JsonObject rawQueued() throws IOException {
        return json("/raw/queued");
    }

    private JsonObject json(String path) throws IOException {
        return Json.createReader(new StringReader(get(path).body())).readObject();
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
        if (database != null && ownsDatabase) {
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
