package io.surewire.stream.entity;

/**
 * Fired inside the appending transaction; observers that run {@code during = AFTER_SUCCESS} see it
 * only once the event is committed, and never for a transaction that rolls back.
 */
public record EventCommitted(StreamEvent event) {
}
