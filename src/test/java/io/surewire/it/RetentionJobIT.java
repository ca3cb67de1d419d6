package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.SurewireClient;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The retention-purge job: it deletes exactly the expired events (a prefix of each topic, by count and
 * by age) and the expired idempotency keys, nothing else; stopped mid-way and restarted, it goes on
 * from its checkpoint and ends with exactly the same result; its progress on {@code ops/jobs} ends at 100.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RetentionJobIT {

    private static final int MAX_EVENTS = 20;
    private static final String OLD = "PT2H";
    private static final String OLD_KEY = "PT25H";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.withHooks(Map.of(
                "surewire.retention.max-events", Integer.toString(MAX_EVENTS),
                "surewire.retention.max-age", "PT1H",
                "surewire.idempotency.retention", "PT24H",
                "surewire.jobs.retention.chunk-size", "7",
                "surewire.jobs.retention.scheduled", "false"));
    }

    @ArquillianResource
    URL base;

    @Test
    void purgesExactlyTheExpiredEventsAndIdempotencyKeys() throws Exception {
        String counted = Topics.unique("purge-count");
        events(counted, 30);                                  // beyond the last 20: 1..10
        String aged = Topics.unique("purge-age");
        events(aged, 12);
        age(aged, 1, 3);
        age(aged, 5, 5);                                      // the log loses a prefix: 1..5, the young 4 with it
        String young = Topics.unique("purge-young");
        events(young, 5);                                     // nothing
        String publisher = "purge-keys-" + UUID.randomUUID().toString().substring(0, 8);
        String keyed = Topics.unique("purge-keys");
        for (int k = 1; k <= 6; k++) {
            publishWithKey(publisher, keyed, "k" + k);
        }
        for (int k = 1; k <= 3; k++) {
            ageKey("client:" + publisher, "k" + k);
        }

        JsonObject execution = JobRuns.completed(base, "retention-purge", "");

        assertLog(counted, 11, 30);
        assertLog(aged, 6, 12);
        assertLog(young, 1, 5);
        assertLog(keyed, 1, 6);
        for (int k = 1; k <= 6; k++) {
            assertEquals(k <= 3 ? 0 : 1, Database.number(base,
                    "SELECT COUNT(*) FROM sw_idempotency WHERE scope = ? AND idem_key = ?", "client:" + publisher, "k" + k),
                    "key k" + k);
        }
        JsonObject state = Hooks.json(Endpoints.get(base, "/api/v1/topics/" + counted).body());
        assertEquals(30, state.getJsonNumber("last_seq").longValue());
        assertEquals(11, state.getJsonNumber("first_available_seq").longValue());
        assertTrue(execution.getJsonNumber("written").longValue() >= 10 + 5 + 3, execution.toString());
        assertEquals(execution.getJsonNumber("read"), execution.getJsonNumber("written"), "every expired row read is deleted");
    }

    /**
     * A row of the topic stays locked by this test, so that the job, which deletes in seq order, waits
     * for it; it is asked to stop while it waits, and so stops mid-way, just past that row, whatever
     * the speed of the machine.
     */
    @Test
    void aStoppedExecutionRestartsFromItsCheckpointAndPurgesExactlyTheExpiredEvents() throws Exception {
        String topic = Topics.unique("purge-stop");
        events(topic, 250);
        age(topic, 1, 200);                                   // expired: 1..230 (beyond the last 20)
        long stopped;
        try (Connection lock = Postgres.connect()) {
            lock.setAutoCommit(false);
            try (PreparedStatement row = lock.prepareStatement("SELECT seq FROM sw_event WHERE topic = ? AND seq = 100 FOR UPDATE")) {
                row.setString(1, topic);
                row.executeQuery().close();
            }
            stopped = JobRuns.start(base, "retention-purge", "");
            Awaitility.await().atMost(JobRuns.WAIT).until(() -> Postgres.blocksAnother(lock));
            HttpResponse<String> stop = Endpoints.post(base, "/api/jobs/executions/" + stopped + "/stop", "");
            assertEquals(202, stop.statusCode(), stop.body());
            assertEquals(stopped, Hooks.json(stop.body()).getJsonNumber("execution_id").longValue());
            lock.rollback();
        }
        JsonObject halfway = JobRuns.ended(base, stopped);
        assertEquals("STOPPED", halfway.getString("status"), halfway.toString());
        long first = first(topic);
        assertTrue(first > 100 && first <= 230, "stopped mid-way, past the locked row: the log starts at " + first);
        assertLog(topic, first, 250);

        HttpResponse<String> restart = Endpoints.post(base, "/api/jobs/executions/" + stopped + "/restart", "");
        assertEquals(202, restart.statusCode(), restart.body());
        long restarted = Hooks.json(restart.body()).getJsonNumber("execution_id").longValue();
        assertTrue(restarted != stopped);
        JsonObject done = JobRuns.ended(base, restarted);
        assertEquals("COMPLETED", done.getString("status"), done.toString());

        assertLog(topic, 231, 250);
        assertTrue(done.getJsonNumber("written").longValue() >= 231 - first, done.toString());
    }

    @Test
    void aSubscriberOfOpsJobsSeesTheProgressEndAt100() throws Exception {
        String topic = Topics.unique("purge-progress");
        events(topic, 60);                                    // 40 expired, in chunks of 7
        try (SurewireClient watcher = Endpoints.connected(base, "jobs-watcher")) {
            watcher.subscribe("ops/jobs");
            watcher.await("subscribed", JobRuns.WAIT);
            long execution = JobRuns.start(base, "retention-purge", "");

            List<JsonObject> progress = new ArrayList<>();
            for (int i = 0; i < 10_000 && (progress.isEmpty() || running(progress.get(progress.size() - 1))); i++) {
                JsonObject event = watcher.await(f -> "event".equals(Frames.type(f)) && "ops/jobs".equals(f.getString("topic"))
                        && f.getInt("redelivery") == 0
                        && f.getJsonObject("payload").getJsonNumber("execution_id").longValue() == execution, JobRuns.WAIT);
                watcher.ack("ops/jobs", Frames.seq(event));
                progress.add(event.getJsonObject("payload"));
            }

            JsonObject start = progress.get(0);
            JsonObject end = progress.get(progress.size() - 1);
            assertEquals("STARTED", start.getString("status"));
            assertEquals("retention-purge", start.getString("job"));
            assertTrue(start.getInt("total") >= 40, start.toString());
            assertTrue(progress.stream().anyMatch(p -> "events".equals(p.getString("step", null))), progress.toString());
            assertEquals("COMPLETED", end.getString("status"), progress.toString());
            assertEquals(100, end.getInt("percent"));
            for (int i = 1; i < progress.size(); i++) {
                assertTrue(progress.get(i).getInt("percent") >= progress.get(i - 1).getInt("percent"), progress.toString());
                assertTrue(i == progress.size() - 1 || progress.get(i).getInt("percent") < 100, progress.toString());
            }
            JsonObject summary = JobRuns.execution(base, execution);
            assertEquals(summary.getJsonNumber("written"), end.getJsonNumber("written"));
            assertEquals(summary.getJsonNumber("read"), end.getJsonNumber("read"));
        }
        assertLog(topic, 41, 60);
    }

    private static boolean running(JsonObject progress) {
        return "STARTED".equals(progress.getString("status"));
    }

    private void events(String topic, int count) {
        HttpResponse<String> response = Endpoints.post(base, "/api/it/jobs/events?topic=" + encode(topic) + "&count=" + count, "");
        assertEquals(200, response.statusCode(), response.body());
    }

    private void age(String topic, long from, long through) {
        HttpResponse<String> response = Endpoints.post(base, "/api/it/jobs/age-events?topic=" + encode(topic) + "&from=" + from
                + "&through=" + through + "&age=" + OLD, "");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(through - from + 1, Hooks.json(response.body()).getInt("updated"));
    }

    private void ageKey(String scope, String key) {
        HttpResponse<String> response = Endpoints.post(base, "/api/it/jobs/age-key?scope=" + encode(scope) + "&key=" + key
                + "&age=" + OLD_KEY, "");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, Hooks.json(response.body()).getInt("updated"));
    }

    private void publishWithKey(String publisher, String topic, String key) {
        HttpResponse<String> response = Endpoints.send(HttpRequest.newBuilder(Endpoints.http(base, "/api/v1/topics/" + topic + "/events"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .header("Surewire-Client-Id", publisher)
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + key + "\"}")));
        assertEquals(201, response.statusCode(), response.body());
    }

    /** The topic's log is exactly the seqs {@code first} through {@code last}. */
    private void assertLog(String topic, long first, long last) throws Exception {
        assertEquals(first, first(topic), topic + ": first seq");
        assertEquals(last, Database.number(base, "SELECT MAX(seq) FROM sw_event WHERE topic = ?", topic), topic + ": last seq");
        assertEquals(last - first + 1, Database.number(base, "SELECT COUNT(*) FROM sw_event WHERE topic = ?", topic),
                topic + ": no hole");
    }

    private long first(String topic) throws Exception {
        return Database.number(base, "SELECT MIN(seq) FROM sw_event WHERE topic = ?", topic);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
