package io.surewire.jobs.boundary;

import io.surewire.delivery.boundary.FailureTable;
import io.surewire.jobs.control.JobName;
import io.surewire.jobs.control.JobParameters;
import io.surewire.publish.boundary.IdempotencyKeys;
import io.surewire.stream.boundary.Retention;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Properties;

/** How many items a job execution is about to write, estimated when it starts, for its progress percent. */
@ApplicationScoped
public class JobTotals {

    @Inject
    Retention retention;

    @Inject
    IdempotencyKeys keys;

    @Inject
    FailureTable failures;

    /** The estimate for {@code job} with these parameters, or -1 for a job this does not know. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long estimate(String job, Properties parameters) {
        return JobName.of(job).map(name -> switch (name) {
            case RETENTION_PURGE -> {
                Instant asOf = JobParameters.instant(parameters, JobParameters.AS_OF);
                yield retention.estimateExpired(asOf) + keys.countExpired(keys.expiredBefore(asOf));
            }
            case FAILURE_REPORT -> failures.count(JobParameters.instant(parameters, JobParameters.FROM),
                    JobParameters.instant(parameters, JobParameters.TO));
        }).orElse(-1L);
    }
}
