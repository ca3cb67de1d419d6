package io.surewire.delivery.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/** Resends unacknowledged events past their deadline, every second. */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RetryTicker {

    @Inject
    DeliveryTracker tracker;

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void tick() {
        tracker.retryDue();
    }
}
