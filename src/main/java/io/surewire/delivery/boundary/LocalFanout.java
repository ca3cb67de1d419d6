package io.surewire.delivery.boundary;

import io.surewire.delivery.control.EventWaiters;
import io.surewire.delivery.control.Fanout;
import io.surewire.stream.boundary.EventLog;
import io.surewire.stream.entity.StreamEvent;
import io.surewire.stream.entity.TopicHead;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fans committed events out to the connections of this node and to its other {@link EventWaiters}
 * (the long-polls of the fallback).
 */
@ApplicationScoped
public class LocalFanout implements Fanout {

    @Inject
    DeliveryTracker tracker;

    @Inject
    Instance<EventWaiters> waiting;

    @Inject
    EventLog log;

    @Inject
    Logger logger;

    private List<EventWaiters> waiters;

    @PostConstruct
    void resolveWaiters() {
        waiters = waiting.stream().toList();
    }

    @Override
    public void publish(StreamEvent event) {
        tracker.deliver(event);
        waiters.forEach(waiter -> waiter.wake(event));
    }

    /**
     * Reads the heads of the topics that connections or other waiters of this node wait on, so that an
     * event committed without a live notification (a transaction that recovery committed, an
     * observer that failed) reaches them without waiting for the topic's next commit; then lets the
     * connections resend what is past its ack deadline. When the log cannot be read, the retries go
     * on with what the connections know.
     */
    public void catchUpAndRetry() {
        Set<String> topics = new HashSet<>(tracker.topics());
        waiters.forEach(waiter -> topics.addAll(waiter.topics()));
        Map<String, TopicHead> heads = heads(topics);
        tracker.retryDue(heads);
        waiters.forEach(waiter -> waiter.catchUp(heads));
    }

    private Map<String, TopicHead> heads(Set<String> topics) {
        try {
            return log.heads(topics);
        } catch (RuntimeException unavailable) {
            logger.log(Level.FINE, "could not read the heads of the topics waited on", unavailable);
            return Map.of();
        }
    }
}
