package io.surewire.delivery.boundary;

import io.surewire.platform.SurewireConfig;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Follows the committed event log and sends every event to the JMS topic
 * {@code java:/jms/topic/SurewireEvents}, in seq order per topic, never one that was not committed:
 * the appending transaction does not enlist the broker (a publish commits in one phase), and the
 * relay keeps its own durable position per topic ({@link RelayBatch}). Woken after a commit, it
 * lingers {@code surewire.jms.events.linger-ms} for more commits to gather, then sends what all the
 * topics woken meanwhile have in one transaction; every second it also sends what a wake-up missed
 * (a crash, an outage). The message is the event as a
 * WebSocket {@code event} frame, with the properties {@code topic}, {@code seq} and {@code epoch}
 * for selectors. Off with {@code surewire.jms.events.enabled=false}.
 */
@ApplicationScoped
public class JmsEventsRelay {

    private static final int TOPICS_PER_CHECK = 1000;

    private final Set<String> due = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean();

    @Inject
    RelayBatch batch;

    @Inject
    SurewireConfig config;

    @Inject
    Logger log;

    @Resource(lookup = "java:jboss/ee/concurrency/executor/surewire")
    ManagedExecutorService executor;

    /** A transaction committed an event of {@code topic}. */
    public void committed(String topic) {
        if (config.jmsEventsEnabled()) {
            due.add(topic);
            start();
        }
    }

    /** Sends what no wake-up announced: every topic whose head is past the relay's position. */
    public void catchUp() {
        if (!config.jmsEventsEnabled()) {
            return;
        }
        try {
            due.addAll(batch.behind(TOPICS_PER_CHECK));
        } catch (RuntimeException unavailable) {
            log.log(Level.FINE, "could not read the relay's positions", unavailable);
            return;
        }
        start();
    }

    private void linger() {
        try {
            Thread.sleep(config.jmsEventsLingerMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void start() {
        if (!due.isEmpty() && running.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException busy) {
                running.set(false);
            }
        }
    }

    /** One relay at a time on this node, batch after batch. */
    private void drain() {
        try {
            linger();
            int max = config.jmsEventsBatchSize();
            while (!due.isEmpty()) {
                List<String> topics = List.copyOf(due);
                due.removeAll(topics);
                try {
                    due.addAll(batch.send(topics, max));
                } catch (RuntimeException failed) {
                    // the next catch-up tries again from the durable positions
                    log.log(Level.FINE, "relaying events of " + topics.size() + " topics to JMS failed", failed);
                }
            }
        } finally {
            running.set(false);
            start();
        }
    }
}
