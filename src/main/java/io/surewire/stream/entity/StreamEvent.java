package io.surewire.stream.entity;

import java.time.Instant;

/**
 * One event of a topic's log. {@code payload} is compact JSON text; {@code id} a UUID unique across
 * topics; {@code ts} the time of the append.
 */
public record StreamEvent(String topic, long seq, long epoch, String id, Instant ts, boolean requiresAck,
                          String payload) {
}
