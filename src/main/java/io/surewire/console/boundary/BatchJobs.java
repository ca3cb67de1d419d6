package io.surewire.console.boundary;

import io.surewire.console.control.JobControl;
import io.surewire.console.control.JobRun;
import io.surewire.jobs.boundary.Jobs;
import io.surewire.jobs.control.ExecutionSummary;
import io.surewire.jobs.control.JobName;
import io.surewire.platform.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Jobs page's way to the batch jobs: {@link Jobs}, as the HTTP API uses it. */
@ApplicationScoped
public class BatchJobs implements JobControl {

    @Inject
    Jobs jobs;

    @Override
    public List<String> jobs() {
        return Arrays.stream(JobName.values()).map(JobName::id).toList();
    }

    @Override
    public JobRun start(String job) {
        JobName name = JobName.of(job).orElseThrow(() -> new IllegalArgumentException("no job named " + job));
        try {
            return run(jobs.start(name, Map.of()));
        } catch (ApiError refused) {
            throw new IllegalStateException(refused.getMessage(), refused);
        }
    }

    @Override
    public List<JobRun> executions(String job, int limit) {
        Optional<JobName> name = job == null ? Optional.empty()
                : Optional.of(JobName.of(job).orElseThrow(() -> new IllegalArgumentException("no job named " + job)));
        return jobs.recent(name, limit).stream().map(BatchJobs::run).toList();
    }

    private static JobRun run(ExecutionSummary execution) {
        return new JobRun(execution.executionId(), execution.job(), execution.status().name(), execution.startTime(),
                execution.endTime(), execution.read(), execution.written(), execution.exitStatus());
    }
}
