package io.surewire.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The benchmark harness at a tiny size inside {@code mvn verify}: every scenario for a few seconds,
 * to prove that the harness still runs and produces sane output. Nothing here depends on the speed
 * of the machine: no figure is compared with a time or a rate.
 */
@DisabledIfSystemProperty(named = "bench.scale", matches = "full")
class BenchSmokeIT {

    @Test
    void everyScenarioProducesSaneOutput() throws Exception {
        Report report = BenchRun.run(BenchConfig.fromSystemProperties());

        assertTrue(Files.size(Report.DIRECTORY.resolve("results.json")) > 0);
        assertTrue(Files.readString(Report.DIRECTORY.resolve("results.md")).contains("S2 fan-out with acks"));
        List<Report.Row> rows = report.rows();
        assertFalse(rows.isEmpty());
        for (Report.Row row : rows) {
            for (Map<String, Object> run : row.runs()) {
                if (run.containsKey("gaps")) {
                    assertEquals(0L, ((Number) run.get("gaps")).longValue(), row + ": no gap");
                }
                if (run.containsKey("delivered")) {
                    assertTrue(((Number) run.get("delivered")).longValue() > 0, row + ": something was delivered");
                }
                if (row.scenario().startsWith("S2") && !row.name().endsWith("raw baseline")) {
                    // the smoke run acks as the browser client does, held back (s2.ack-delay-ms), Surewire's
                    // events and the acked baseline's alike
                    long acks = ((Number) run.get("acks_sent")).longValue();
                    assertTrue(acks > 0 && acks <= ((Number) run.get("delivered")).longValue()
                            + ((Number) run.get("duplicates")).longValue(), row + ": cumulative acks, " + acks);
                }
                if (row.scenario().startsWith("S2") && row.name().endsWith("raw baseline")) {
                    assertEquals(0L, ((Number) run.get("acks_sent")).longValue(), row + ": its events ask for no ack");
                }
                if (row.scenario().startsWith("S1")) {
                    // the base is read from the server's own /proc entry: a socket at least, the listening one
                    assertTrue(((Number) run.get("descriptors_base")).longValue() > 0, row + ": the server's descriptors were read");
                    assertTrue(((Number) run.get("heap_base_mb")).doubleValue() > 0, row + ": the heap with no connection was read");
                }
                if (row.scenario().startsWith("S5")) {
                    assertEquals("run", run.get("scope"), row + ": the run's own histogram, the reading before subtracted");
                    assertTrue(((Number) run.get("samples")).longValue() > 0, row + ": frames were queued in the run");
                    assertEquals(row.name().contains("-raw") ? "queued_ms" : "commit_to_queued_ms", run.get("histogram"),
                            row + ": Surewire's commit → queued, or the baseline's frame built → queued");
                    assertTrue(((Number) run.get("vs_raw_acked_p99")).doubleValue() > 0, row + ": beside the acked baseline's");
                }
            }
        }
    }
}
