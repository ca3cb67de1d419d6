package io.surewire.publish.control;

/** One publish request: an event for a topic, with its idempotency key or {@code null}. */
public record Publication(String topic, String payload, boolean requiresAck, IdempotencyKey key) {
}
