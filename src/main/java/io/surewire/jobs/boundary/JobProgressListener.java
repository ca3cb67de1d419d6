package io.surewire.jobs.boundary;

import io.surewire.jobs.control.JobProgress;
import jakarta.batch.api.listener.JobListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import java.util.logging.Logger;

/**
 * The first and the last progress message of a job execution: at its start (with the estimated total),
 * and when it has ended (its final status; 100 percent when it completed). The execution's
 * {@link JobProgress} lives in the job context for the chunks to count into. A message that cannot be
 * published is logged and changes nothing about the execution.
 */
@Named
@Dependent
public class JobProgressListener implements JobListener {

    @Inject
    JobContext job;

    @Inject
    JobTotals totals;

    @Inject
    ProgressPublisher progress;

    @Inject
    Logger log;

    @Override
    public void beforeJob() {
        long total;
        try {
            total = totals.estimate(job.getJobName(), job.getProperties());
        } catch (RuntimeException failed) {
            log.warning(() -> "no estimate for job " + job.getJobName() + " execution " + job.getExecutionId() + ": " + failed);
            total = -1;
        }
        JobProgress started = new JobProgress(job.getExecutionId(), job.getJobName(), total);
        job.setTransientUserData(started);
        publish(started.running());
    }

    @Override
    public void afterJob() {
        if (job.getTransientUserData() instanceof JobProgress ended) {
            publish(ended.ended(job.getBatchStatus()));
        }
    }

    private void publish(JsonObject message) {
        try {
            progress.publish(message);
        } catch (RuntimeException failed) {
            log.warning(() -> "could not publish the progress of job " + job.getJobName() + " execution "
                    + job.getExecutionId() + ": " + failed);
        }
    }
}
