package io.surewire.jobs.boundary;

import io.surewire.jobs.control.JobProgress;
import jakarta.batch.api.chunk.listener.AbstractChunkListener;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Arrays;

/**
 * A progress message after every chunk that read or wrote something, with the step's counts so far. It is published in the chunk's
 * transaction, before the commit: it commits with the chunk and is announced after it, or not at all.
 */
@Named
@Dependent
public class ChunkProgressListener extends AbstractChunkListener {

    @Inject
    JobContext job;

    @Inject
    StepContext step;

    @Inject
    ProgressPublisher progress;

    @Override
    public void afterChunk() {
        if (job.getTransientUserData() instanceof JobProgress counts) {
            if (counts.chunk(step.getStepName(), metric(Metric.MetricType.READ_COUNT),
                    metric(Metric.MetricType.WRITE_COUNT))) {
                progress.publish(counts.running());
            }
        }
    }

    private long metric(Metric.MetricType type) {
        return Arrays.stream(step.getMetrics()).filter(m -> m.getType() == type).mapToLong(Metric::getValue).sum();
    }
}
