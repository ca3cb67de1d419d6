package io.surewire.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.it.DeliveryCheck;
import io.surewire.it.Deployments;
import io.surewire.it.Endpoints;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL restarts while events are published: publishes fail cleanly with 503 while it is away,
 * nothing is half-committed, and the server recovers by itself when it is back. Nothing is lost in
 * transit on the WebSocket connections, so every event must come in its place on them and no client
 * may need a resync.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DatabaseRestartFaultIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.surewire(Map.of());
    }

    @ArquillianResource
    URL base;

    @Test
    void postgresRestartedWhilePublishing() throws Exception {
        AtomicLong restarts = new AtomicLong();
        java.time.Instant startedBefore = postmasterStart();
        try (FaultRun run = FaultRun.start(base, Endpoints.webSocket(base), "db-restart", Scale.current().of(10))) {
            run.publish(Scale.current().of(300), 4, () -> {
                run.awaitPublished(Scale.current().of(300) / 3);
                restartPostgres();
                restarts.incrementAndGet();
            });
            FaultRun.Outcome outcome = run.converge(Duration.ofMinutes(3));
            run.report("PostgreSQL restarted while publishing", outcome, restarts.get(),
                    outcome.failedPublishes() + " publishes failed while it was away, then retried with their keys: "
                            + run.failures().keySet());
            assertTrue(outcome.verdict().holds(), outcome.verdict().toString());
            FaultRun.assertInOrderWithoutResyncs(outcome.order());
            assertEquals(Scale.current().of(300), DeliveryCheck.committed(run.topic()).size(), "each message once");
            // the restart was felt: PostgreSQL went down and came up again under the publishers, and the
            // publishes made while it was down were answered at once, not held until it came back
            assertTrue(postmasterStart().isAfter(startedBefore), "the restart was felt: PostgreSQL started again");
            assertTrue(outcome.failedPublishes() > 0, "publishes made while PostgreSQL was down were refused");
            assertTrue(run.failures().keySet().stream().allMatch(how -> how.startsWith("503 {\"code\":\"unavailable\"")),
                    "every failed publish was answered 503 unavailable: " + run.failures());
            Awaitility.await().atMost(Duration.ofMinutes(1))
                    .until(() -> Endpoints.get(base, "/api/health").statusCode() == 200);
        }
    }

    private static java.time.Instant postmasterStart() throws java.sql.SQLException {
        try (java.sql.Connection connection = io.surewire.it.Postgres.connect();
             java.sql.Statement sql = connection.createStatement();
             java.sql.ResultSet started = sql.executeQuery("SELECT pg_postmaster_start_time()")) {
            started.next();
            return started.getTimestamp(1).toInstant();
        }
    }

    /**
     * Restarts the local PostgreSQL cluster: a fast shutdown (open connections are cut), 8 s down,
     * then up again, while publishes are under way (they are paced to last through it).
     */
    static void restartPostgres() {
        String version;
        try (var versions = Files.list(Path.of("/etc/postgresql"))) {
            version = versions.map(p -> p.getFileName().toString()).sorted().reduce((a, b) -> b).orElseThrow();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no local PostgreSQL cluster to restart", e);
        }
        Network.run("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "stop", "--", "-m", "fast");
        FaultRun.pause(8000);
        Network.run("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start");
    }
}
