package io.surewire.delivery.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Every second: sends what no live notification announced, and resends unacknowledged events past
 * their deadline.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RetryTicker {

    @Inject
    LocalFanout fanout;

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void tick() {
        fanout.catchUpAndRetry();
    }
}
