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
 * The board page and the browser client in headless Chromium, driven by Playwright
 * ({@code src/test/browser/run.mjs}) against the deployed server: live updates between two pages,
 * a reconnect after the server drops the page, the long-poll fallback and back, a 409 rolled back,
 * the diagnostics panel, and a careless caller's publishes (over the frame size, not JSON, a burst
 * beyond the frame rate, a reload with publishes unsent). Screenshots go to
 * {@code target/browser/results/}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrowserIT {

    private static final Path BROWSER = Path.of("target", "browser");

    /** A low frame rate, so that a burst beyond it is quick to make (the pages keep far below it otherwise). */
    static final int FRAMES_PER_SECOND = 40;

    /** Scenarios in run.mjs: all of them must have run and passed. */
    static final int SCENARIOS = 13;

    @Deployment(testable = false)
    static WebArchive deployment() {
        // security on, as everywhere: the page gets its token from /api/board/token, which here also
        // covers the topics the scenarios publish to
        return Deployments.surewire(Map.of("surewire.rate.frames-per-second", String.valueOf(FRAMES_PER_SECOND),
                "surewire.board.token.topics", "appointments/+,browser-test/#",
                "surewire.board.token.publish", "browser-test/#"));
    }

    @ArquillianResource
    URL base;

    @Test
    void theBoardInARealBrowser() throws Exception {
        Path results = Files.createDirectories(BROWSER.resolve("results"));
        Path log = results.resolve("run.log");
        ProcessBuilder command = new ProcessBuilder(List.of("node", "run.mjs",
                "--base", "http://" + base.getHost() + ":" + base.getPort(),
                "--out", results.toAbsolutePath().toString()));
        command.environment().put("SUREWIRE_TOKEN", TestTokens.operator()); // the scenarios' own API calls
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
        assertTrue(Files.size(results.resolve("board.png")) > 0);
        assertTrue(Files.size(results.resolve("diagnostics.png")) > 0);
    }
}
