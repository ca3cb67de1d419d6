package io.surewire.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.it.Deployments;
import io.surewire.it.Endpoints;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Jobs page against a {@link io.surewire.console.control.JobControl} bean ({@link FakeJobs}, as the
 * jobs capability will provide one): the jobs to start, the executions, the progress a running one
 * published on {@code ops/jobs}, and a start.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleJobsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.surewire().addClass(FakeJobs.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void theJobsPageListsTheJobsTheirExecutionsAndTheProgressOfOneThatRuns() {
        HttpResponse<String> published = Endpoints.post(base, "/api/v1/topics/ops/jobs/events",
                "{\"execution_id\":42,\"job\":\"retention-purge\",\"status\":\"STARTED\",\"step\":\"purge-events\","
                        + "\"read\":500,\"written\":450,\"percent\":45}");
        assertEquals(201, published.statusCode(), published.body());

        ConsoleSession operator = new ConsoleSession(base);
        operator.login(ConsoleSession.OPERATOR, ConsoleSession.PASSWORD);
        HttpResponse<String> page = operator.get("/console/jobs.xhtml");
        assertEquals(200, page.statusCode());
        String body = page.body();
        assertFalse(body.contains("data-testid=\"no-jobs\""), "jobs are available");
        assertTrue(body.contains("data-testid=\"start-retention-purge\"") && body.contains("data-testid=\"start-failure-report\""),
                body);
        assertTrue(body.contains("COMPLETED") && body.contains(">41<") && body.contains(">42<"), "both executions:\n" + body);
        assertTrue(body.contains("purge-events"), "the running execution's step, from ops/jobs:\n" + body);
        assertTrue(body.contains(">500<") && body.contains(">450<"), "its counts, from ops/jobs:\n" + body);
    }

    @Test
    void aJobIsStartedFromThePage() {
        ConsoleSession operator = new ConsoleSession(base);
        operator.login(ConsoleSession.OPERATOR, ConsoleSession.PASSWORD);
        String page = operator.get("/console/jobs.xhtml").body();
        String button = "jobs:jobList:1:start";
        assertTrue(page.contains("id=\"" + button + "\""), page);
        String form = "jobs=jobs&" + URLEncoder.encode(button, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(button, StandardCharsets.UTF_8) + "&jakarta.faces.ViewState="
                + URLEncoder.encode(field(page, "jakarta.faces.ViewState"), StandardCharsets.UTF_8);
        HttpResponse<String> started = operator.send(HttpRequest.newBuilder(Endpoints.http(base, "/console/jobs.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(200, started.statusCode(), started.body());
        assertTrue(started.body().contains("is STARTING."), "the growl says so:\n" + started.body());
        assertTrue(started.body().contains("STARTING"), "the new execution is listed:\n" + started.body());
    }

    private static String field(String page, String name) {
        int at = page.indexOf("name=\"" + name + "\"");
        assertTrue(at >= 0, "no field " + name);
        int value = page.indexOf("value=\"", at) + "value=\"".length();
        return page.substring(value, page.indexOf('"', value));
    }
}
