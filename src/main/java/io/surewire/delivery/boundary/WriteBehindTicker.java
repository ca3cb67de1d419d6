package io.surewire.delivery.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/** Writes the acknowledged cursors and the recorded delivery failures every second. */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WriteBehindTicker {

    @Inject
    CursorStore cursors;

    @Inject
    DeliveryFailures failures;

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void tick() {
        cursors.flush();
        failures.flush();
    }
}
