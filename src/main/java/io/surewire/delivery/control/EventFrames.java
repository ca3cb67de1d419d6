package io.surewire.delivery.control;

import io.surewire.protocol.ServerFrames;
import io.surewire.stream.entity.StreamEvent;

/** The {@code event} frame of a committed event, as the protocol encodes it. */
public final class EventFrames {

    private EventFrames() {
    }

    /** The frame of {@code event}; {@code redelivery} is 0 on the first send. */
    public static String event(StreamEvent event, int redelivery) {
        return ServerFrames.event(event.topic(), event.seq(), event.epoch(), event.id(), event.ts(), event.requiresAck(),
                event.payload(), redelivery);
    }
}
