package io.surewire.gateway.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/** Pings connections and closes silent ones; checks every second against the configured interval. */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class HeartbeatTicker {

    @Inject
    ConnectionSweeps sweeps;

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void tick() {
        sweeps.heartbeat();
    }
}
