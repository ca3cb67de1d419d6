package io.surewire.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.it.Hooks;
import io.surewire.it.TestTokens;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs one of the Playwright scripts of {@code src/test/browser} (copied to {@code target/browser} by
 * the build) against the deployment at {@code base}, and asserts that every one of its {@code scenarios}
 * ran and passed, judged by its {@code report.json}. The scripts' own calls to the API carry an
 * operator's token ({@code SUREWIRE_TOKEN}).
 */
final class BrowserScript {

    private static final Path BROWSER = Path.of("target", "browser");

    private BrowserScript() {
    }

    /** Runs {@code script} with its results in {@code target/browser/<results>}; returns that directory. */
    static Path runAndAssert(String script, String results, URL base, Map<String, String> environment, int scenarios)
            throws IOException, InterruptedException {
        Path out = Files.createDirectories(BROWSER.resolve(results));
        Path log = out.resolve("run.log");
        ProcessBuilder command = new ProcessBuilder(List.of("node", script,
                "--base", "http://" + base.getHost() + ":" + base.getPort(),
                "--out", out.toAbsolutePath().toString()));
        command.environment().put("SUREWIRE_TOKEN", TestTokens.operator());
        command.environment().putAll(environment);
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

        JsonObject report = Hooks.json(Files.readString(out.resolve("report.json")));
        String failed = report.getJsonArray("scenarios").stream().map(JsonValue::asJsonObject)
                .filter(s -> !s.getBoolean("ok")).map(s -> s.getString("name") + ": " + s.getString("error", "?"))
                .collect(Collectors.joining("\n"));
        assertEquals("", failed, output);
        assertEquals(0, report.getInt("failed"), output);
        assertEquals(scenarios, report.getInt("passed"), output);
        assertEquals(0, run.exitValue(), output);
        return out;
    }
}
