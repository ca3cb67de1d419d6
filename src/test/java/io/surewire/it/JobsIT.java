package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The job endpoints of PROTOCOL §6: their answers, their refusals, and that only operators may use them. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@Tag("h2")
class JobsIT {

    /** A period of long ago, which no other test records failures in. */
    private static final String EMPTY_PERIOD = "{\"from\":\"1990-01-01T00:00:00Z\",\"to\":\"1990-01-02T00:00:00Z\"}";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.surewire(Map.of("surewire.jobs.retention.scheduled", "false"));
    }

    @ArquillianResource
    URL base;

    @Test
    void aStartIsAccepted202AndItsExecutionDescribedUntilItCompletes() {
        HttpResponse<String> started = Endpoints.post(base, "/api/jobs/retention-purge", "");

        assertEquals(202, started.statusCode(), started.body());
        JsonObject accepted = Hooks.json(started.body());
        assertEquals(Set.of("execution_id", "job", "status"), accepted.keySet());
        long id = accepted.getJsonNumber("execution_id").longValue();
        assertEquals("retention-purge", accepted.getString("job"));
        assertTrue(Set.of("STARTING", "STARTED", "COMPLETED").contains(accepted.getString("status")), started.body());
        assertEquals("/api/jobs/executions/" + id, started.headers().firstValue("Location").map(l -> l.replaceFirst("^https?://[^/]+", ""))
                .orElse(""));

        JsonObject execution = JobRuns.ended(base, id);
        assertEquals(Set.of("execution_id", "job", "status", "start_time", "end_time", "read", "written", "exit_status"),
                execution.keySet());
        assertEquals(id, execution.getJsonNumber("execution_id").longValue());
        assertEquals("retention-purge", execution.getString("job"));
        assertEquals("COMPLETED", execution.getString("status"));
        assertEquals("COMPLETED", execution.getString("exit_status"));
        Instant start = Instant.parse(execution.getString("start_time"));
        assertTrue(!Instant.parse(execution.getString("end_time")).isBefore(start), execution.toString());
        assertTrue(execution.getJsonNumber("read").longValue() >= 0);
        assertEquals(execution.getJsonNumber("read"), execution.getJsonNumber("written"));
    }

    @Test
    void aFailureReportTakesItsPeriodInTheBody() {
        JsonObject execution = JobRuns.completed(base, "failure-report", EMPTY_PERIOD);

        assertEquals("failure-report", execution.getString("job"));
        assertEquals(0, execution.getInt("read"));
        assertEquals(0, execution.getInt("written"));
    }

    @Test
    void anUnknownJobIs404() {
        HttpResponse<String> response = Endpoints.post(base, "/api/jobs/no-such-job", "");

        assertEquals(404, response.statusCode());
        assertEquals("not_found", Hooks.json(response.body()).getString("code"));
        assertTrue(Hooks.json(response.body()).getString("message").contains("no-such-job"));
    }

    @Test
    void badParametersAre400() {
        for (String body : List.of("{\"from\":\"yesterday\"}", "{\"from\":\"2026-11-22T00:00:00\"}",
                "{\"from\":\"2026-11-23T00:00:00Z\",\"to\":\"2026-11-22T00:00:00Z\"}", "{\"since\":\"2026-11-22T00:00:00Z\"}",
                "{\"from\":1}", "[\"2026-11-22T00:00:00Z\"]")) {
            HttpResponse<String> response = Endpoints.post(base, "/api/jobs/failure-report", body);
            assertEquals(400, response.statusCode(), body);
            assertEquals("bad_request", Hooks.json(response.body()).getString("code"), body);
        }
        HttpResponse<String> notJson = Endpoints.post(base, "/api/jobs/failure-report", "{from:");
        assertEquals(400, notJson.statusCode());
        assertEquals("bad_json", Hooks.json(notJson.body()).getString("code"));
        HttpResponse<String> retention = Endpoints.post(base, "/api/jobs/retention-purge", "{\"as_of\":\"2026-11-22T00:00:00Z\"}");
        assertEquals(400, retention.statusCode(), "retention-purge takes no parameters");
        assertEquals("bad_request", Hooks.json(retention.body()).getString("code"));
    }

    @Test
    void anUnknownExecutionIs404() {
        for (HttpResponse<String> response : List.of(Endpoints.get(base, "/api/jobs/executions/987654321"),
                Endpoints.get(base, "/api/jobs/executions/987654321/report"),
                Endpoints.post(base, "/api/jobs/executions/987654321/stop", ""),
                Endpoints.post(base, "/api/jobs/executions/987654321/restart", ""),
                Endpoints.get(base, "/api/jobs/executions/not-a-number"))) {
            assertEquals(404, response.statusCode(), response.body());
            assertEquals("not_found", Hooks.json(response.body()).getString("code"));
        }
    }

    @Test
    void aCompletedExecutionCannotBeStoppedNorRestartedAndAPurgeHasNoReport() {
        long id = JobRuns.completed(base, "retention-purge", "").getJsonNumber("execution_id").longValue();

        HttpResponse<String> stop = Endpoints.post(base, "/api/jobs/executions/" + id + "/stop", "");
        assertEquals(409, stop.statusCode(), stop.body());
        assertEquals("not_running", Hooks.json(stop.body()).getString("code"));
        HttpResponse<String> restart = Endpoints.post(base, "/api/jobs/executions/" + id + "/restart", "");
        assertEquals(409, restart.statusCode(), restart.body());
        assertEquals("not_restartable", Hooks.json(restart.body()).getString("code"));
        HttpResponse<String> report = Endpoints.get(base, "/api/jobs/executions/" + id + "/report");
        assertEquals(404, report.statusCode(), report.body());
        assertEquals("not_found", Hooks.json(report.body()).getString("code"));
    }

    @Test
    void theLatestExecutionsAreListedNewestFirst() {
        long first = JobRuns.completed(base, "failure-report", EMPTY_PERIOD).getJsonNumber("execution_id").longValue();
        long second = JobRuns.completed(base, "failure-report", EMPTY_PERIOD).getJsonNumber("execution_id").longValue();
        long purge = JobRuns.completed(base, "retention-purge", "").getJsonNumber("execution_id").longValue();

        JsonArray reports = Hooks.jsonArray(Endpoints.get(base, "/api/jobs/executions?job=failure-report&limit=2").body());
        assertEquals(List.of(second, first), reports.stream().map(e -> e.asJsonObject().getJsonNumber("execution_id").longValue())
                .toList());
        assertEquals("COMPLETED", reports.getJsonObject(0).getString("status"));
        JsonArray all = Hooks.jsonArray(Endpoints.get(base, "/api/jobs/executions").body());
        assertEquals(purge, all.getJsonObject(0).getJsonNumber("execution_id").longValue());
        assertNotEquals(0, all.size());
        assertTrue(all.size() <= 20, "20 by default");
        assertEquals(all, Hooks.jsonArray(Endpoints.get(base, "/api/jobs/executions?job=&limit=").body()), "empty is absent");

        for (String query : List.of("limit=0", "limit=x", "limit=1000000", "job=no-such-job")) {
            HttpResponse<String> response = Endpoints.get(base, "/api/jobs/executions?" + query);
            assertEquals(400, response.statusCode(), query);
            assertEquals("bad_request", Hooks.json(response.body()).getString("code"), query);
        }
    }

    @Test
    void onlyAnOperatorMayUseThem() {
        List<HttpRequest.Builder> requests = List.of(
                post("/api/jobs/retention-purge"), get("/api/jobs/executions"), get("/api/jobs/executions/1"),
                get("/api/jobs/executions/1/report"), post("/api/jobs/executions/1/stop"),
                post("/api/jobs/executions/1/restart"));
        for (HttpRequest.Builder request : requests) {
            HttpResponse<String> anonymous = Endpoints.sendAsIs(request.copy().build());
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            assertEquals("unauthorized", Hooks.json(anonymous.body()).getString("code"));

            HttpResponse<String> frontend = Endpoints.send(request.copy()
                    .header("Authorization", "Bearer " + TestTokens.all("x", "frontend")));
            assertEquals(403, frontend.statusCode(), frontend.body());
            assertEquals("forbidden", Hooks.json(frontend.body()).getString("code"));
        }
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(Endpoints.http(base, path)).GET();
    }

    private HttpRequest.Builder post(String path) {
        return HttpRequest.newBuilder(Endpoints.http(base, path)).POST(HttpRequest.BodyPublishers.noBody());
    }
}
