package io.surewire.delivery.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/** Writes the acknowledged cursors every second. */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CursorFlushTicker {

    @Inject
    CursorStore cursors;

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void tick() {
        cursors.flush();
    }
}
