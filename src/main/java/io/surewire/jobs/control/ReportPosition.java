package io.surewire.jobs.control;

import java.io.Serializable;

/**
 * What failure-report has written (its writer's checkpoint): the file, and its length at the last
 * committed chunk. A restart takes the file over and cuts it back to that length, so that no record is
 * written twice or lost.
 */
public record ReportPosition(String file, long length) implements Serializable {
}
