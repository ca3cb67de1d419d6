package io.surewire.stream.control;

import io.surewire.protocol.ServerFrames;
import java.time.Instant;

/**
 * One event of a topic's log. {@code payload} is compact JSON text; {@code id} a UUID unique across
 * topics; {@code ts} the time of the append.
 */
public record StreamEvent(String topic, long seq, long epoch, String id, Instant ts, boolean requiresAck,
                          String payload) {

    /** The event as a WebSocket {@code event} frame; {@code redelivery} is 0 on the first send. */
    public String frame(int redelivery) {
        return ServerFrames.event(topic, seq, epoch, id, ts, requiresAck, payload, redelivery);
    }
}
