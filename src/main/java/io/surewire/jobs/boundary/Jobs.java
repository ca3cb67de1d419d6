package io.surewire.jobs.boundary;

import io.surewire.jobs.control.ExecutionSummary;
import io.surewire.jobs.control.FailureReport;
import io.surewire.jobs.control.JobName;
import io.surewire.jobs.control.JobParameters;
import io.surewire.platform.ApiError;
import io.surewire.platform.SurewireConfig;
import jakarta.batch.operations.JobExecutionAlreadyCompleteException;
import jakarta.batch.operations.JobExecutionNotMostRecentException;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.JobRestartException;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The jobs' one door to Jakarta Batch's {@link JobOperator}: starts an execution with its parameters
 * fixed (see {@link JobParameters}), stops and restarts one, describes it, lists the latest, and finds a
 * failure report. Refusals are {@link ApiError}s: 400 for parameters, 404 for an unknown execution, 409
 * for a stop or restart that the execution's status does not allow.
 */
@ApplicationScoped
public class Jobs {

    /** The job parameter naming the node that runs an execution: in a cluster, another adopts it when that one is gone. */
    static final String NODE = "surewire.node";

    @Inject
    SurewireConfig config;

    @Inject
    Logger log;

    /** Starts {@code job} with the parameters its caller {@code given}. */
    public ExecutionSummary start(JobName job, Map<String, String> given) {
        Properties parameters;
        try {
            parameters = parameters(job, given, Instant.now());
        } catch (IllegalArgumentException refused) {
            throw ApiError.badRequest(refused.getMessage());
        }
        parameters.setProperty(NODE, config.node());
        long id = operator().start(job.id(), parameters);
        log.info(() -> "job " + job.id() + " started as execution " + id + " with " + parameters);
        return summary(id);
    }

    /**
     * Starts retention-purge on the hourly schedule, unless {@code surewire.jobs.retention.scheduled}
     * is false; in a cluster, on the node that runs the scheduled work only. A start that fails is
     * logged; the next hour tries again.
     */
    public void startScheduledRetention(NodeLeases leases) {
        if (!config.retentionJobScheduled() || !leases.leads()) {
            return;
        }
        try {
            start(JobName.RETENTION_PURGE, Map.of());
        } catch (RuntimeException failed) {
            log.warning(() -> "the scheduled retention-purge could not start, the next hour tries again: " + failed);
        }
    }

    /**
     * Restarts, each from its last checkpoint, the executions of Surewire's jobs that the batch repository
     * shows as running although none runs: at the start of the server, those are the ones its stop or a
     * crash cut off, and, in a cluster, those of a node that is gone ({@link #resumeOrphans}); an
     * execution of a live node is left to it. JBeret checks each again (restart mode {@code detect}) and
     * refuses one that this server still runs. Unless {@code surewire.jobs.resume-on-start} is false; a
     * restart that fails is logged, and the execution can still be restarted on demand.
     */
    public void resumeCutOff(NodeLeases leases) {
        resume(leases, true);
    }

    /**
     * In a cluster, restarts here the executions that a node which is gone left running (it died, and was
     * not started again), each under that node's lease, so that one node only adopts them.
     */
    public void resumeOrphans(NodeLeases leases) {
        resume(leases, false);
    }

    private void resume(NodeLeases leases, boolean ownToo) {
        if (!config.resumeJobsOnStart()) {
            return;
        }
        JobOperator operator = operator();
        for (JobName job : JobName.values()) {
            List<Long> running;
            try {
                running = operator.getRunningExecutions(job.id());
            } catch (NoSuchJobException neverRun) {
                continue;
            } catch (RuntimeException unreadable) {
                log.warning(() -> "the batch repository could not be read for cut-off executions of " + job.id()
                        + "; restart them on demand: " + unreadable);
                continue;
            }
            for (long executionId : running) {
                Properties parameters = operator.getParameters(executionId);
                String owner = parameters == null ? config.node() : parameters.getProperty(NODE, config.node());
                if (owner.equals(config.node()) || !config.clusterEnabled()) {
                    if (ownToo) {
                        resume(job, executionId, "the server's stop");
                    }
                    continue;
                }
                leases.ifGone(owner).ifPresent(lease -> {
                    try (lease) {
                        resume(job, executionId, "the loss of node " + owner);
                    } catch (Exception failed) {
                        log.log(Level.FINE, "could not give back the lease of node " + owner, failed);
                    }
                });
            }
        }
    }

    private void resume(JobName job, long executionId, String cause) {
        try {
            long next = restart(executionId).executionId();
            log.info(() -> "job " + job.id() + " execution " + executionId + " was cut off by " + cause
                    + "; it goes on from its last checkpoint as execution " + next + " on node " + config.node());
        } catch (RuntimeException failed) {
            log.warning(() -> "job " + job.id() + " execution " + executionId + " was cut off by " + cause
                    + " and could not be restarted; restart it on demand: " + failed);
        }
    }

    public ExecutionSummary summary(long executionId) {
        JobOperator operator = operator();
        return summary(operator, execution(operator, executionId));
    }

    /** The latest executions of {@code job} (all jobs when empty), newest first, at most {@code limit}. */
    public List<ExecutionSummary> recent(Optional<JobName> job, int limit) {
        JobOperator operator = operator();
        List<JobExecution> executions = new ArrayList<>();
        for (JobName name : job.map(List::of).orElse(Arrays.asList(JobName.values()))) {
            try {
                // each instance has one execution or more, and instances come newest first
                for (JobInstance instance : operator.getJobInstances(name.id(), 0, limit)) {
                    executions.addAll(operator.getJobExecutions(instance));
                }
            } catch (NoSuchJobException neverRun) {
                // nothing to list for this job
            }
        }
        return executions.stream()
                .sorted(Comparator.comparing(JobExecution::getCreateTime, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(JobExecution::getExecutionId).reversed())
                .limit(limit)
                .map(execution -> summary(operator, execution))
                .toList();
    }

    /** Asks a running execution to stop; it stops at its next checkpoint (STOPPING, then STOPPED). */
    public ExecutionSummary stop(long executionId) {
        JobOperator operator = operator();
        JobExecution execution = execution(operator, executionId);
        try {
            operator.stop(executionId);
        } catch (JobExecutionNotRunningException notRunning) {
            throw new ApiError(409, "not_running", "execution " + executionId + " is not running: it is "
                    + operator.getJobExecution(executionId).getBatchStatus());
        }
        log.info(() -> "job " + execution.getJobName() + " execution " + executionId + " asked to stop");
        return summary(executionId);
    }

    /**
     * Restarts a stopped or failed execution as a new one, with the same parameters but this node's name
     * (the node that now runs it): it goes on from the last checkpoint of the step that did not complete.
     */
    public ExecutionSummary restart(long executionId) {
        JobOperator operator = operator();
        JobExecution execution = execution(operator, executionId);
        long next;
        try {
            next = operator.restart(executionId, parametersHere(operator, executionId));
        } catch (JobExecutionAlreadyCompleteException complete) {
            throw new ApiError(409, "not_restartable", "execution " + executionId + " has completed: nothing is left to do");
        } catch (JobExecutionNotMostRecentException notLatest) {
            throw new ApiError(409, "not_restartable", "execution " + executionId
                    + " has been restarted already: restart the latest execution of its job instance");
        } catch (JobRestartException refused) {
            throw new ApiError(409, "not_restartable", "execution " + executionId + " cannot be restarted while it is "
                    + operator.getJobExecution(executionId).getBatchStatus());
        }
        log.info(() -> "job " + execution.getJobName() + " execution " + executionId + " restarted as " + next);
        return summary(next);
    }

    private Properties parametersHere(JobOperator operator, long executionId) {
        Properties parameters = new Properties();
        Properties given = operator.getParameters(executionId);
        if (given != null) {
            parameters.putAll(given);
        }
        parameters.setProperty(NODE, config.node());
        return parameters;
    }

    /** The CSV file of a failure-report execution that has completed. */
    public Path report(long executionId) {
        JobExecution execution = execution(operator(), executionId);
        Path file = config.reportsDirectory().resolve(FailureReport.fileName(executionId));
        if (!JobName.FAILURE_REPORT.id().equals(execution.getJobName())) {
            throw new ApiError(404, "not_found", "execution " + executionId + " is a " + execution.getJobName()
                    + ", which writes no report");
        }
        if (execution.getBatchStatus() != BatchStatus.COMPLETED || !Files.isRegularFile(file)) {
            throw new ApiError(404, "not_found", "execution " + executionId + " has no report: it is "
                    + execution.getBatchStatus());
        }
        return file;
    }

    private Properties parameters(JobName job, Map<String, String> given, Instant now) {
        return switch (job) {
            case RETENTION_PURGE -> JobParameters.retentionPurge(given, now, config.retentionJobChunkSize());
            case FAILURE_REPORT -> JobParameters.failureReport(given, now, config.failureReportPeriod(),
                    config.failureReportChunkSize());
        };
    }

    private static ExecutionSummary summary(JobOperator operator, JobExecution execution) {
        long read = 0;
        long written = 0;
        for (StepExecution step : operator.getStepExecutions(execution.getExecutionId())) {
            read += metric(step, Metric.MetricType.READ_COUNT);
            written += metric(step, Metric.MetricType.WRITE_COUNT);
        }
        return new ExecutionSummary(execution.getExecutionId(), execution.getJobName(), execution.getBatchStatus(),
                instant(execution.getStartTime()), instant(execution.getEndTime()), read, written,
                execution.getExitStatus());
    }

    private static JobExecution execution(JobOperator operator, long executionId) {
        try {
            return operator.getJobExecution(executionId);
        } catch (NoSuchJobExecutionException unknown) {
            throw new ApiError(404, "not_found", "there is no job execution " + executionId);
        }
    }

    private static long metric(StepExecution step, Metric.MetricType type) {
        return step.getMetrics() == null ? 0 : Arrays.stream(step.getMetrics())
                .filter(metric -> metric.getType() == type)
                .mapToLong(Metric::getValue)
                .sum();
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }
}
