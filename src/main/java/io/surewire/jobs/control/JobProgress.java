package io.surewire.jobs.control;

import io.surewire.protocol.JsonBuilders;
import jakarta.batch.runtime.BatchStatus;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far one job execution has come, as its progress messages say it: items read and written in
 * this execution (summed over its steps), out of an estimated total when there is one. The percent
 * stays below 100 until the execution has completed, whatever the estimate said: the last message of a
 * completed execution, and only that one, says 100.
 */
public final class JobProgress {

    private static final int DONE = 100;

    private final long executionId;
    private final String job;
    private final long total;
    private final Map<String, long[]> steps = new LinkedHashMap<>();
    private String step;

    /** {@code total} is the estimated number of items to write, or negative when there is no estimate. */
    public JobProgress(long executionId, String job, long total) {
        this.executionId = executionId;
        this.job = job;
        this.total = total;
    }

    /** After a chunk of {@code step}: the step's counts so far in this execution. Returns whether they changed. */
    public boolean chunk(String step, long read, long written) {
        this.step = step;
        long[] before = steps.put(step, new long[] {read, written});
        return before == null ? read > 0 || written > 0 : before[0] != read || before[1] != written;
    }

    public long read() {
        return steps.values().stream().mapToLong(counts -> counts[0]).sum();
    }

    public long written() {
        return steps.values().stream().mapToLong(counts -> counts[1]).sum();
    }

    /** The percent done, or -1 without an estimate. */
    public int percent(BatchStatus status) {
        if (status == BatchStatus.COMPLETED) {
            return DONE;
        }
        if (total < 0) {
            return -1;
        }
        return total == 0 ? 0 : (int) Math.min(DONE - 1, written() * DONE / total);
    }

    /** A message while the execution runs ({@code STARTED}), naming the step of the last chunk. */
    public JsonObject running() {
        return message(BatchStatus.STARTED, step);
    }

    /** The message of an execution that has ended with {@code status}. */
    public JsonObject ended(BatchStatus status) {
        return message(status, null);
    }

    private JsonObject message(BatchStatus status, String step) {
        JsonObjectBuilder message = JsonBuilders.object()
                .add("execution_id", executionId)
                .add("job", job)
                .add("status", status.name());
        if (step == null) {
            message.addNull("step");
        } else {
            message.add("step", step);
        }
        message.add("read", read()).add("written", written());
        int percent = percent(status);
        if (total >= 0) {
            message.add("total", Math.max(total, written()));
        }
        if (percent >= 0) {
            message.add("percent", percent);
        }
        return message.build();
    }
}
