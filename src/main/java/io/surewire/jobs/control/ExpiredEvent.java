package io.surewire.jobs.control;

/** An item of retention-purge: an event that has expired. */
public record ExpiredEvent(String topic, long seq) {
}
