package io.surewire.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.it.Deployments;
import io.surewire.it.Endpoints;
import io.surewire.it.JobRuns;
import io.surewire.it.Postgres;
import io.surewire.it.Topics;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of WildFly while {@code retention-purge} runs, then a restart. The batch repository is
 * in Surewire's database, so the killed execution outlives the server: the restarted server finds it
 * still marked running, restarts it as an execution of the same job instance, and that goes on from the
 * last checkpoint of the killed one and ends with exactly the expired events gone. Whatever the kill left
 * in doubt, the restarted server's recovery ends: no transaction stays prepared.
 */
class RetentionJobCrashFaultIT {

    /** Events older than retention's 24 h. */
    private static final String OLD = "PT48H";

    @Test
    void aRunKilledMidWayGoesOnFromItsCheckpointAfterTheRestart() throws Exception {
        try (StandaloneServer server = StandaloneServer.prepare("retention-crash", Deployments.withHooks(Map.of(
                "surewire.retention.max-events", "20",
                "surewire.jobs.retention.chunk-size", "10",
                "surewire.jobs.retention.scheduled", "false",
                "surewire.jobs.resume-on-start", "true")))) {
            server.start();
            URL base = server.base();
            String topic = Topics.unique("purge-crash");
            post(base, "/api/it/jobs/events?topic=" + encode(topic) + "&count=250");
            post(base, "/api/it/jobs/age-events?topic=" + encode(topic) + "&from=1&through=200&age=" + OLD);

            long killed;
            try (Connection lock = Postgres.connect()) {
                // the job deletes in seq order, ten at a time: it waits at the chunk of seq 100
                lock.setAutoCommit(false);
                try (PreparedStatement row = lock.prepareStatement(
                        "SELECT seq FROM sw_event WHERE topic = ? AND seq = 100 FOR UPDATE")) {
                    row.setString(1, topic);
                    row.executeQuery().close();
                }
                killed = JobRuns.start(base, "retention-purge", "");
                Awaitility.await().atMost(JobRuns.WAIT).until(() -> Postgres.blocksAnother(lock));
                server.kill();
                lock.rollback();
            }
            long first = first(topic);
            assertTrue(first > 1 && first <= 100, "killed mid-way: the chunks before seq 100 were committed, the log starts at "
                    + first);

            server.start();
            JsonObject cutOff = JobRuns.execution(base, killed);
            assertEquals("FAILED", cutOff.getString("status"), "the restart marks the killed execution failed: " + cutOff);
            JsonObject done = JobRuns.ended(base, resumed(base, killed));
            assertEquals("COMPLETED", done.getString("status"), done.toString());
            long next = done.getJsonNumber("execution_id").longValue();
            assertEquals(1, Postgres.number("SELECT COUNT(DISTINCT jobinstanceid) FROM job_execution"
                    + " WHERE jobexecutionid IN (" + killed + ", " + next + ")"), "a restart of the same job instance");
            assertEquals(231, first(topic), "exactly the expired events are gone: the last 20 are kept");
            assertEquals(250, Postgres.number("SELECT MAX(seq) FROM sw_event WHERE topic = ?", topic));
            assertEquals(20, Postgres.number("SELECT COUNT(*) FROM sw_event WHERE topic = ?", topic), "no hole");
            // a chunk cut off between the two phases of its commit stays prepared, holding its locks,
            // until the restarted server's transaction recovery ends it
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    Postgres.number("SELECT COUNT(*) FROM pg_prepared_xacts WHERE database = current_database()") == 0);
            FaultReport.record(new FaultReport.Row("kill -9 of WildFly during retention-purge", 250, 0, 100.0, 0,
                    0, 1, null, "the killed run had purged through seq " + (first - 1) + "; the restarted server resumed it"
                            + " from that checkpoint and purged exactly through 230"));
        }
    }

    /** The execution that the restarted server started to go on from {@code killed}. */
    private static long resumed(URL base, long killed) {
        AtomicLong next = new AtomicLong();
        Awaitility.await().atMost(JobRuns.WAIT).until(() -> {
            HttpResponse<String> latest = Endpoints.get(base, "/api/jobs/executions?job=retention-purge&limit=1");
            assertEquals(200, latest.statusCode(), latest.body());
            JsonArray executions = Json.createReader(new StringReader(latest.body())).readArray();
            next.set(executions.isEmpty() ? killed : executions.getJsonObject(0).getJsonNumber("execution_id").longValue());
            return next.get() != killed;
        });
        return next.get();
    }

    private static void post(URL base, String path) {
        HttpResponse<String> response = Endpoints.post(base, path, "");
        assertEquals(200, response.statusCode(), response.body());
    }

    private static long first(String topic) throws Exception {
        return Postgres.number("SELECT MIN(seq) FROM sw_event WHERE topic = ?", topic);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
