package io.surewire.jobs.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.batch.runtime.BatchStatus;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** {@link JobProgress}: counts summed over steps, a percent below 100 until the execution completed. */
class JobProgressTest {

    @Test
    void theFirstMessageHasNoStepAndNothingDone() {
        JsonObject start = new JobProgress(7, "retention-purge", 40).running();

        assertEquals(7, start.getJsonNumber("execution_id").longValue());
        assertEquals("retention-purge", start.getString("job"));
        assertEquals("STARTED", start.getString("status"));
        assertTrue(start.isNull("step"));
        assertEquals(0, start.getInt("read"));
        assertEquals(0, start.getInt("written"));
        assertEquals(40, start.getInt("total"));
        assertEquals(0, start.getInt("percent"));
    }

    @Test
    void countsAreSummedOverTheStepsOfTheExecution() {
        JobProgress progress = new JobProgress(7, "retention-purge", 40);
        progress.chunk("events", 10, 10);
        progress.chunk("events", 20, 20);
        progress.chunk("idempotency-keys", 5, 4);

        JsonObject message = progress.running();
        assertEquals("idempotency-keys", message.getString("step"));
        assertEquals(25, message.getInt("read"));
        assertEquals(24, message.getInt("written"));
        assertEquals(60, message.getInt("percent"));
    }

    @Test
    void thePercentStaysBelow100UntilCompletedEvenWhenTheEstimateWasLow() {
        JobProgress progress = new JobProgress(7, "retention-purge", 10);
        progress.chunk("events", 30, 30);

        assertEquals(99, progress.running().getInt("percent"));
        assertEquals(30, progress.running().getInt("total"), "the total is at least what was written");
        assertEquals(99, progress.ended(BatchStatus.STOPPED).getInt("percent"));
        assertEquals(100, progress.ended(BatchStatus.COMPLETED).getInt("percent"));
    }

    @Test
    void aCompletedExecutionSays100EvenWithNothingToDoOrNoEstimate() {
        assertEquals(100, new JobProgress(1, "failure-report", 0).ended(BatchStatus.COMPLETED).getInt("percent"));
        JsonObject unknown = new JobProgress(1, "failure-report", -1).ended(BatchStatus.COMPLETED);
        assertEquals(100, unknown.getInt("percent"));
        assertFalse(unknown.containsKey("total"));
        assertFalse(new JobProgress(1, "failure-report", -1).running().containsKey("percent"));
    }

    @Test
    void theEndNamesTheFinalStatusAndNoStep() {
        JobProgress progress = new JobProgress(3, "failure-report", 4);
        progress.chunk("report", 2, 2);

        JsonObject end = progress.ended(BatchStatus.FAILED);
        assertEquals("FAILED", end.getString("status"));
        assertTrue(end.isNull("step"));
        assertEquals(50, end.getInt("percent"));
    }

    @Test
    void aChunkCountsAsNewsOnlyWhenItChangedSomething() {
        JobProgress progress = new JobProgress(3, "failure-report", 4);

        assertFalse(progress.chunk("report", 0, 0), "an empty step");
        assertTrue(progress.chunk("report", 2, 2));
        assertFalse(progress.chunk("report", 2, 2), "the last, empty chunk of a step");
    }
}
