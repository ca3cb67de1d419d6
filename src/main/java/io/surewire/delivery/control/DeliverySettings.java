package io.surewire.delivery.control;

/** The tunables delivery works with (see {@code SurewireConfig} for their names and defaults). */
public record DeliverySettings(long ackTimeoutMs, int maxRetries, int queueLimit, int pageSize, int maxUnacked) {

    /** Settings with no limit on the events a replay sends ahead of the client's acks. */
    public DeliverySettings(long ackTimeoutMs, int maxRetries, int queueLimit, int pageSize) {
        this(ackTimeoutMs, maxRetries, queueLimit, pageSize, Integer.MAX_VALUE);
    }

    /** Replays and resends fill the outbound queue up to here, leaving the rest to live events. */
    int replayHighWater() {
        return Math.max(1, queueLimit / 2);
    }
}
