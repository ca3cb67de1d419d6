package io.surewire.console.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link JobProgress} as the jobs publish it on ops/jobs, and {@link JobRow}'s use of it. */
class JobProgressTest {

    @Test
    void theContractsFieldsAreRead() {
        JobProgress progress = JobProgress.of("{\"execution_id\":12,\"job\":\"retention-purge\",\"status\":\"STARTED\","
                + "\"step\":\"purge\",\"read\":400,\"written\":380,\"percent\":40}").orElseThrow();
        assertEquals(new JobProgress(12, "retention-purge", "STARTED", "purge", 400, 380, 40), progress);
    }

    @Test
    void aPayloadThatIsNoProgressIsIgnored() {
        assertEquals(Optional.empty(), JobProgress.of("not json"));
        assertEquals(Optional.empty(), JobProgress.of("[1,2]"));
        assertEquals(Optional.empty(), JobProgress.of("{\"job\":\"x\"}"));
        assertNull(JobProgress.of("{\"execution_id\":1}").orElseThrow().percent(), "no percent given");
    }

    @Test
    void aRunningExecutionShowsItsProgressAnEndedOneItsOwnFiguresAndItsLastPercent() {
        JobProgress progress = new JobProgress(3, "failure-report", "STARTED", "export", 50, 40, 25);
        JobRun running = new JobRun(3, "failure-report", "STARTED", Instant.EPOCH, null, 10, 10, null);
        JobRow row = new JobRow(running, progress);
        assertTrue(running.running());
        assertEquals(25, row.percent());
        assertEquals("export", row.step());
        assertEquals(50, row.read());

        JobRun ended = new JobRun(3, "failure-report", "COMPLETED", Instant.EPOCH, Instant.EPOCH, 200, 200, "COMPLETED");
        JobRow stale = new JobRow(ended, progress);
        assertEquals(25, stale.percent(), "the last progress published, whatever it was");
        assertNull(stale.step());
        assertEquals(200, stale.read());

        JobProgress last = new JobProgress(3, "failure-report", "COMPLETED", null, 200, 200, 100);
        assertEquals(100, new JobRow(ended, last).percent(), "a completed execution's last message says 100");
    }
}
