package io.surewire.jobs.control;

import java.io.Serializable;
import java.time.Instant;

/** Where failure-report's reading stands (its checkpoint): the last failure read, by time and id. */
public record FailurePosition(Instant failedAt, String id) implements Serializable {
}
