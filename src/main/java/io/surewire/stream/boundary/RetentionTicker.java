package io.surewire.stream.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/** Applies retention every minute. */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RetentionTicker {

    @Inject
    Retention retention;

    @Schedule(minute = "*", hour = "*", persistent = false)
    void tick() {
        retention.purgeExpired();
    }
}
