package io.surewire.jobs.boundary;

import io.surewire.delivery.entity.DeliveryFailure;
import io.surewire.jobs.control.FailureReport;
import io.surewire.jobs.control.ReportFile;
import io.surewire.jobs.control.ReportPosition;
import io.surewire.platform.SurewireConfig;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * Writes the failure report, {@code failure-report-<execution id>.csv} under the reports directory:
 * the header, then each chunk's records, on the disk before the chunk commits. Its checkpoint is the
 * file and its length, from which a restarted execution continues ({@link ReportFile}).
 */
@Named
@Dependent
public class FailureCsvWriter extends AbstractItemWriter {

    @Inject
    JobContext job;

    @Inject
    SurewireConfig config;

    private ReportFile report;

    @Override
    public void open(Serializable checkpoint) throws IOException {
        report = ReportFile.open(config.reportsDirectory().resolve(FailureReport.fileName(job.getExecutionId())),
                FailureReport.header(), (ReportPosition) checkpoint);
    }

    @Override
    public void writeItems(List<Object> items) throws IOException {
        StringBuilder records = new StringBuilder();
        for (Object item : items) {
            records.append(FailureReport.row((DeliveryFailure) item));
        }
        report.append(records.toString());
    }

    @Override
    public Serializable checkpointInfo() throws IOException {
        return report.position();
    }

    @Override
    public void close() throws IOException {
        if (report != null) {
            report.close();
        }
    }
}
