package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.SurewireClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The failure-report job: the delivery failures of a period, exactly, as an RFC 4180 CSV file that an
 * operator downloads; real failures of a client that never acknowledges among them.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@Tag("h2")
class FailureReportIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.withHooks(Map.of(
                "surewire.ack.timeout-ms", "1000",
                "surewire.ack.max-retries", "1",
                "surewire.jobs.failure-report.chunk-size", "2",
                "surewire.jobs.retention.scheduled", "false"));
    }

    @ArquillianResource
    URL base;

    /** A period of long ago, which no other test records failures in. */
    @Test
    void theReportOfAPeriodHoldsExactlyItsFailuresQuotedAsRfc4180Says() {
        String topic = Topics.unique("report");
        record("report-early", topic, 1, 1, "just before the period", "2001-03-04T09:59:59.999Z");
        String a = record("report-a", topic, 1, 2, "no ack within 5000 ms after 3 retries", "2001-03-04T10:00:00Z");
        String b = record("report-b", topic, 3, 7, "slow, then \"stuck\"", "2001-03-04T11:00:00.500Z");
        String c = record("report-c", topic, 8, 8, "line one\r\nline two", "2001-03-04T12:00:00Z");
        record("report-late", topic, 9, 9, "at the end of the period, which is not in it", "2001-03-04T13:00:00Z");

        JsonObject execution = JobRuns.completed(base, "failure-report",
                "{\"from\":\"2001-03-04T10:00:00Z\",\"to\":\"2001-03-04T13:00:00Z\"}");

        assertEquals(3, execution.getInt("read"));
        assertEquals(3, execution.getInt("written"));
        HttpResponse<String> report = report(execution.getJsonNumber("execution_id").longValue());
        assertEquals("text/csv;charset=utf-8", report.headers().firstValue("Content-Type").orElse("").replace(" ", "")
                .toLowerCase());
        assertEquals("client_id,topic,from_seq,to_seq,reason,failed_at,id\r\n"
                + "report-a," + topic + ",1,2,no ack within 5000 ms after 3 retries,2001-03-04T10:00:00.000Z," + a + "\r\n"
                + "report-b," + topic + ",3,7,\"slow, then \"\"stuck\"\"\",2001-03-04T11:00:00.500Z," + b + "\r\n"
                + "report-c," + topic + ",8,8,\"line one\r\nline two\",2001-03-04T12:00:00.000Z," + c + "\r\n",
                report.body());
    }

    @Test
    void aPeriodWithoutFailuresGivesTheHeaderAlone() {
        JsonObject execution = JobRuns.completed(base, "failure-report",
                "{\"from\":\"2001-05-06T00:00:00Z\",\"to\":\"2001-05-07T00:00:00Z\"}");

        assertEquals(0, execution.getInt("written"));
        assertEquals("client_id,topic,from_seq,to_seq,reason,failed_at,id\r\n",
                report(execution.getJsonNumber("execution_id").longValue()).body());
    }

    /** A client that never acknowledges fails for real; the report of the last 24 h (the default) has it. */
    @Test
    void aRealDeliveryFailureIsInTheReportOfTheLastDay() throws Exception {
        String topic = Topics.unique("report-real");
        Instant before = Instant.now();
        try (SurewireClient silent = Endpoints.connected(base, "report-silent")) {
            silent.subscribe(topic);
            silent.await("subscribed", WAIT);
            Hooks.commit(base, topic, "{\"n\":1}");
            Hooks.commit(base, topic, "{\"n\":2}");
            assertEquals(4408, silent.awaitClose(WAIT).code());
        }
        Awaitility.await().atMost(WAIT).until(() -> Database.number(base,
                "SELECT COUNT(*) FROM sw_delivery_failure WHERE client_id = ? AND topic = ?", "report-silent", topic) == 1);

        JsonObject execution = JobRuns.completed(base, "failure-report", "");

        List<String> rows = Arrays.stream(report(execution.getJsonNumber("execution_id").longValue()).body().split("\r\n"))
                .filter(row -> row.startsWith("report-silent," + topic + ","))
                .toList();
        assertEquals(1, rows.size(), rows.toString());
        String[] fields = rows.get(0).split(",");
        assertEquals(List.of("report-silent", topic, "1", "2", "no ack within 1000 ms after 1 retries"),
                List.of(fields).subList(0, 5));
        Instant failedAt = Instant.parse(fields[5]);
        assertTrue(!failedAt.isBefore(before.minusSeconds(1)) && !failedAt.isAfter(Instant.now()), fields[5]);
        assertTrue(fields[6].matches("[0-9a-f-]{36}"), fields[6]);
    }

    private String record(String clientId, String topic, long fromSeq, long toSeq, String reason, String failedAt) {
        String failure = Json.createObjectBuilder().add("client_id", clientId).add("topic", topic).add("from_seq", fromSeq)
                .add("to_seq", toSeq).add("reason", reason).add("failed_at", failedAt).build().toString();
        HttpResponse<String> response = Endpoints.post(base, "/api/it/jobs/failures", failure);
        assertEquals(200, response.statusCode(), response.body());
        return Hooks.json(response.body()).getString("id");
    }

    private HttpResponse<String> report(long executionId) {
        HttpResponse<String> response = Endpoints.get(base, "/api/jobs/executions/" + executionId + "/report");
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }
}
