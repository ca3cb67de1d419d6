package io.surewire.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.it.Deployments;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        Path results = BrowserScript.runAndAssert("console.mjs", "console", base, Map.of(
                "SUREWIRE_CONSOLE_USER", "operator",
                "SUREWIRE_CONSOLE_PASSWORD", System.getProperty("surewire.it.operator-password", "console-tests-only-0perator")),
                SCENARIOS);
        for (String page : List.of("login", "dashboard", "clients", "topics", "failures", "jobs", "jobs-completed",
                "disconnect", "replay")) {
            assertTrue(Files.size(results.resolve("console-" + page + ".png")) > 0, page);
        }
    }
}
