package io.surewire.gateway.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/** Removes the in-memory state of connections that are gone, every minute. */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CleanupTicker {

    @Inject
    ConnectionSweeps sweeps;

    @Schedule(minute = "*", hour = "*", persistent = false)
    void tick() {
        sweeps.removeStale();
    }
}
