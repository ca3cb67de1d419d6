package io.surewire.jobs.control;

import java.util.Arrays;
import java.util.Optional;

/** The batch jobs there are, by the name of their job XML ({@code META-INF/batch-jobs/<name>.xml}). */
public enum JobName {

    RETENTION_PURGE("retention-purge"),
    FAILURE_REPORT("failure-report");

    private final String id;

    JobName(String id) {
        this.id = id;
    }

    /** The job's name, as in its XML, the HTTP API and the progress messages. */
    public String id() {
        return id;
    }

    public static Optional<JobName> of(String id) {
        return Arrays.stream(values()).filter(name -> name.id.equals(id)).findFirst();
    }
}
