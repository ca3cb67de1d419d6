package io.surewire.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.it.Deployments;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
        Path results = BrowserScript.runAndAssert("run.mjs", "results", base, Map.of(), SCENARIOS);
        assertTrue(Files.size(results.resolve("board.png")) > 0);
        assertTrue(Files.size(results.resolve("diagnostics.png")) > 0);
    }
}
