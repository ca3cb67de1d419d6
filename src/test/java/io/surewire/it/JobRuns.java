package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/** Runs the batch jobs through their HTTP API (PROTOCOL §6) and follows their executions. */
public final class JobRuns {

    /** How long an execution of the tests' small data may take. */
    public static final Duration WAIT = Duration.ofSeconds(120);

    private JobRuns() {
    }

    /** Starts {@code job} with {@code body} (empty: no parameters) and returns its execution id. */
    public static long start(URL base, String job, String body) {
        HttpResponse<String> response = Endpoints.post(base, "/api/jobs/" + job, body);
        assertEquals(202, response.statusCode(), response.body());
        return Hooks.json(response.body()).getJsonNumber("execution_id").longValue();
    }

    public static JsonObject execution(URL base, long executionId) {
        HttpResponse<String> response = Endpoints.get(base, "/api/jobs/executions/" + executionId);
        assertEquals(200, response.statusCode(), response.body());
        return Hooks.json(response.body());
    }

    /** Waits until the execution has ended (completed, stopped, failed or abandoned) and returns it. */
    public static JsonObject ended(URL base, long executionId) {
        AtomicReference<JsonObject> last = new AtomicReference<>();
        Awaitility.await().atMost(WAIT).until(() -> {
            last.set(execution(base, executionId));
            return !Set.of("STARTING", "STARTED", "STOPPING").contains(last.get().getString("status"));
        });
        return last.get();
    }

    /** Runs {@code job} to its end, which must be COMPLETED, and returns the execution. */
    public static JsonObject completed(URL base, String job, String body) {
        JsonObject execution = ended(base, start(base, job, body));
        assertEquals("COMPLETED", execution.getString("status"), execution.toString());
        return execution;
    }
}
