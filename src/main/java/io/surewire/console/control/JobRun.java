package io.surewire.console.control;

import java.time.Instant;

/**
 * One execution of a batch job, as {@code GET /api/jobs/executions/{id}} describes it: {@code status}
 * as Jakarta Batch names it ({@code STARTING}, {@code STARTED}, {@code COMPLETED}, {@code FAILED},
 * {@code STOPPED}, ...), the items read and written, and the exit status once it ended
 * ({@code endTime}, {@code exitStatus} {@code null} before).
 */
public record JobRun(long executionId, String job, String status, Instant startTime, Instant endTime, long read,
                     long written, String exitStatus) {

    /** Whether the execution has not ended yet. */
    public boolean running() {
        return endTime == null && ("STARTING".equals(status) || "STARTED".equals(status) || "STOPPING".equals(status));
    }
}
