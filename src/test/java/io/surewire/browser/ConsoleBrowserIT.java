package io.surewire.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.it.Deployments;
import io.surewire.it.Hooks;
import io.surewire.it.TestTokens;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator console in headless Chromium, driven by Playwright ({@code src/test/browser/console.mjs}):
 * the login, a dashboard that changes as events are published, every page, a disconnect confirmed in a
 * dialog, a delivery failure resolved and replayed, a session that ends under a polling dashboard, the
 * logout. Screenshots go to {@code target/browser/console/}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleBrowserIT {

    private static final Path BROWSER = Path.of("target", "browser");

    /** Scenarios in console.mjs: all of them must have run and passed. */
    static final int SCENARIOS = 8;

    @Deployment(testable = false)
    static WebArchive deployment() {
        // a client that does not ack is a delivery failure within seconds; the board's token (which the
        // script's own WebSocket clients take too) may subscribe to the script's topics
        return Deployments.surewire(Map.of("surewire.ack.timeout-ms", "1000", "surewire.ack.max-retries", "1",
                "surewire.board.token.topics", "appointments/+,console-test/#"));
    }

    @ArquillianResource
    URL base;

    @Test
    void theConsoleInARealBrowser() throws Exception {
        Path results = Files.createDirectories(BROWSER.resolve("console"));
        Path log = results.resolve("run.log");
        ProcessBuilder command = new ProcessBuilder(List.of("node", "console.mjs",
                "--base", "http://" + base.getHost() + ":" + base.getPort(),
                "--out", results.toAbsolutePath().toString()));
        command.environment().put("SUREWIRE_TOKEN", TestTokens.operator());
        command.environment().put("SUREWIRE_CONSOLE_USER", "operator");
        command.environment().put("SUREWIRE_CONSOLE_PASSWORD",
                System.getProperty("surewire.it.operator-password", "console-tests-only-0perator"));
        Process run = command
                .directory(BROWSER.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = run.waitFor(15, TimeUnit.MINUTES);
        if (!finished) {
            run.destroyForcibly();
        }
        String output = Files.readString(log);
        assertTrue(finished, "the browser tests ended in time:\n" + output);

        JsonObject report = Hooks.json(Files.readString(results.resolve("report.json")));
        String failed = report.getJsonArray("scenarios").stream().map(JsonValue::asJsonObject)
                .filter(s -> !s.getBoolean("ok")).map(s -> s.getString("name") + ": " + s.getString("error", "?"))
                .collect(Collectors.joining("\n"));
        assertEquals("", failed, output);
        assertEquals(0, report.getInt("failed"), output);
        assertEquals(SCENARIOS, report.getInt("passed"), output);
        assertEquals(0, run.exitValue(), output);
        for (String page : List.of("login", "dashboard", "clients", "topics", "failures", "jobs", "disconnect", "replay")) {
            assertTrue(Files.size(results.resolve("console-" + page + ".png")) > 0, page);
        }
    }
}
