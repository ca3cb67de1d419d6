package io.surewire.jobs.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/** Starts the retention-purge job at the top of every hour (in a cluster, on one node). */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RetentionTicker {

    @Inject
    Jobs jobs;

    @Inject
    NodeLeases leases;

    @Schedule(minute = "0", hour = "*", persistent = false)
    void tick() {
        jobs.startScheduledRetention(leases);
    }
}
