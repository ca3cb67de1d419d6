package io.surewire.console;

import io.surewire.console.control.JobControl;
import io.surewire.console.control.JobRun;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.interceptor.Interceptor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Batch jobs as the console's Jobs page sees them, for {@link ConsoleJobsIT}: two jobs, one execution
 * that ended and one that runs (42); a start adds an execution. Deployed only by that test.
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION + 100)
public class FakeJobs implements JobControl {

    private final List<JobRun> runs = new ArrayList<>(List.of(
            new JobRun(41, "failure-report", "COMPLETED", Instant.parse("2026-01-01T10:00:00Z"),
                    Instant.parse("2026-01-01T10:00:07Z"), 120, 120, "COMPLETED"),
            new JobRun(42, "retention-purge", "STARTED", Instant.parse("2026-01-01T11:00:00Z"), null, 100, 90, null)));

    @Override
    public List<String> jobs() {
        return List.of("retention-purge", "failure-report");
    }

    @Override
    public synchronized JobRun start(String job) {
        if (!jobs().contains(job)) {
            throw new IllegalArgumentException("no job " + job);
        }
        JobRun run = new JobRun(runs.size() + 41, job, "STARTING", Instant.now(), null, 0, 0, null);
        runs.add(run);
        return run;
    }

    @Override
    public synchronized List<JobRun> executions(String job, int limit) {
        return runs.stream().filter(r -> job == null || r.job().equals(job))
                .sorted(Comparator.comparingLong(JobRun::executionId).reversed()).limit(limit).toList();
    }
}
