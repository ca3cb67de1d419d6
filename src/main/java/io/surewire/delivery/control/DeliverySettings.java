package io.surewire.delivery.control;

/** The tunables delivery works with (see {@code SurewireConfig} for their names and defaults). */
public record DeliverySettings(long ackTimeoutMs, int maxRetries, int queueLimit, int pageSize) {

    /** Replays and resends fill the outbound queue up to here, leaving the rest to live events. */
    int replayHighWater() {
        return Math.max(1, queueLimit / 2);
    }
}
