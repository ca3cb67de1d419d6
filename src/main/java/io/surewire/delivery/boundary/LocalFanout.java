package io.surewire.delivery.boundary;

import io.surewire.delivery.control.Fanout;
import io.surewire.fallback.boundary.LongPoll;
import io.surewire.stream.control.StreamEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Fans committed events out to the connections and the waiting long-polls of this node. */
@ApplicationScoped
public class LocalFanout implements Fanout {

    @Inject
    DeliveryTracker tracker;

    @Inject
    LongPoll longPoll;

    @Override
    public void publish(StreamEvent event) {
        tracker.deliver(event);
        longPoll.wake(event);
    }
}
