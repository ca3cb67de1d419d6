package io.surewire.delivery.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/** Every second: relays to JMS the committed events that no wake-up announced. */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RelayTicker {

    @Inject
    JmsEventsRelay relay;

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void tick() {
        relay.catchUp();
    }
}
