package io.surewire.jobs.control;

import jakarta.batch.runtime.BatchStatus;
import java.time.Instant;

/**
 * One job execution as the HTTP API shows it: its status as Jakarta Batch names it, when it started and
 * ended ({@code null} until then), and the items read and written, summed over its steps.
 */
public record ExecutionSummary(long executionId, String job, BatchStatus status, Instant startTime, Instant endTime,
                               long read, long written, String exitStatus) {
}
