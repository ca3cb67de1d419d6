package io.surewire.stream.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import io.surewire.publish.boundary.IdempotencyKeys;
import jakarta.inject.Inject;

/** Applies retention to the event log and to the idempotency keys, every minute; the keys even when the log's purge fails. */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RetentionTicker {

    @Inject
    Retention retention;

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Schedule(minute = "*", hour = "*", persistent = false)
    void tick() {
        try {
            retention.purgeExpired();
        } finally {
            idempotencyKeys.purgeExpired();
        }
    }
}
