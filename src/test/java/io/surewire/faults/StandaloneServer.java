package io.surewire.faults;

import io.surewire.it.Deployments;
import io.surewire.it.Postgres;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A WildFly of the build's, started by the test itself so that it can be killed with {@code kill -9}
 * and started again: its own base directory under {@code target/faults/}, the same PostgreSQL database
 * as the suite, loopback only; ports offset by 100 (HTTP 8180) beside the suite's server, or, as a
 * node of a cluster, by the offset the test gives it.
 */
public final class StandaloneServer implements AutoCloseable {

    public static final int PORT_OFFSET = 100;

    private final Path jbossHome = Path.of(System.getProperty("jboss.home"));
    private final Path baseDir;
    private final String configuration;
    private final int portOffset;
    private final List<String> properties;
    private Process process;

    private StandaloneServer(Path baseDir, String configuration, int portOffset, List<String> properties) {
        this.baseDir = baseDir;
        this.configuration = configuration;
        this.portOffset = portOffset;
        this.properties = List.copyOf(properties);
    }

    /** A fresh base directory with the server configurations and the WAR (with {@code settings}) to deploy. */
    public static StandaloneServer prepare(String name, Map<String, String> settings) throws IOException {
        return prepare(name, Deployments.surewire(settings));
    }

    /** A fresh base directory with the server configurations and {@code war} to deploy. */
    public static StandaloneServer prepare(String name, WebArchive war) throws IOException {
        return new StandaloneServer(baseDir(name, war), "surewire-postgresql.xml", PORT_OFFSET,
                List.of("-Dsurewire.node=surewire-faults"));
    }

    /**
     * Node {@code node} (1-based) of a cluster whose nodes run at {@code offsets} (the ports' offsets),
     * on the cluster configuration: the nodes find each other at their JGroups ports on 127.0.0.1.
     */
    public static StandaloneServer clusterNode(String name, WebArchive war, int node, List<Integer> offsets)
            throws IOException {
        String hosts = offsets.stream().map(offset -> "127.0.0.1[" + (7600 + offset) + "]")
                .collect(Collectors.joining(","));
        return new StandaloneServer(baseDir(name, war), "surewire-cluster.xml", offsets.get(node - 1),
                List.of("-Dsurewire.node=" + name, "-Djboss.node.name=" + name, "-Dsurewire.cluster.hosts=" + hosts));
    }

    private static Path baseDir(String name, WebArchive war) throws IOException {
        Path base = Path.of("target", "faults", name).toAbsolutePath();
        deleteTree(base);
        Path standalone = Path.of(System.getProperty("jboss.home"), "standalone");
        Files.createDirectories(base.resolve("deployments"));
        copyTree(standalone.resolve("configuration"), base.resolve("configuration"));
        war.as(ZipExporter.class)
                .exportTo(base.resolve("deployments").resolve("surewire.war").toFile(), true);
        return base;
    }

    /** WildFly's metrics endpoint, on the management interface (Prometheus' text format). */
    public URI metrics() {
        return URI.create("http://127.0.0.1:" + (9990 + portOffset) + "/metrics");
    }

    public URL base() {
        try {
            return URI.create("http://127.0.0.1:" + (8080 + portOffset) + "/").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the server and waits until the application answers its health check. */
    public void start() throws IOException {
        List<String> command = new ArrayList<>(List.of(jbossHome.resolve("bin").resolve("standalone.sh").toString(),
                "-c", configuration, "--stability=community",
                "-Djboss.server.base.dir=" + baseDir,
                "-Djboss.socket.binding.port-offset=" + portOffset,
                "-Djboss.bind.address=127.0.0.1",
                "-Djboss.bind.address.management=127.0.0.1",
                "-Dsurewire.db.url=" + Postgres.url()));
        command.addAll(properties);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(baseDir.resolve("console.log").toFile())
                .start();
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(base().toURI().resolve("/api/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    /** {@code kill -9} of the server's JVM: no shutdown of any kind. */
    public void kill() throws InterruptedException {
        List<ProcessHandle> javas = process.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).toList();
        javas.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.MINUTES);
        for (ProcessHandle java : javas) {
            java.onExit().orTimeout(1, TimeUnit.MINUTES).join();
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

}
