package io.surewire.ops.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/** Takes a sample of the delivery statistics every {@value Statistics#PERIOD_SECONDS} seconds. */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StatisticsTicker {

    @Inject
    Statistics statistics;

    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
    void tick() {
        statistics.sample();
    }
}
