package io.surewire.delivery.boundary;

import io.surewire.platform.SurewireConfig;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Follows the committed event log and sends every event to the JMS topic
 * {@code java:/jms/topic/SurewireEvents}, in seq order per topic, never one that was not committed:
 * the appending transaction does not enlist the broker (a publish commits in one phase), and the
 * relay keeps its own durable position per topic ({@link RelayBatch}). Woken after a commit, it
 * lingers {@code surewire.jms.events.linger-ms} for more commits to gather, then sends what all the
 * topics woken meanwhile have in one transaction, so that a steady flow of commits costs it one
 * transaction per linger; only a backlog larger than {@code surewire.jms.events.batch-size} goes on
 * without lingering. Every second it also sends what a wake-up missed
 * (a crash, an outage). The message is the event as a
 * WebSocket {@code event} frame, with the properties {@code topic}, {@code seq} and {@code epoch}
 * for selectors. Off with {@code surewire.jms.events.enabled=false}. When the application stops, the
 * relay finishes the batch it is sending and starts no other, before the database and the broker go.
 */
@ApplicationScoped
public class JmsEventsRelay {

    private static final int TOPICS_PER_CHECK = 1000;
    /** How long stopping waits for a batch being sent: far more than one batch takes. */
    private static final long STOP_WAIT_SECONDS = 10;

    private final Set<String> due = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopping;

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

    /**
     * Waits until the batch being sent, if any, is committed or rolled back. A transaction still
     * running on the executor's thread when the application's persistence unit stops was once left
     * open there, holding its locks until the transaction timeout (300 s).
     */
    @PreDestroy
    void stop() {
        stopping = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
        synchronized (running) {
            while (running.get() && System.nanoTime() < deadline) {
                try {
                    running.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (running.get()) {
            log.warning(() -> "the JMS events relay was still sending after " + STOP_WAIT_SECONDS + " s of stopping");
        }
    }

    /** {@code carried} and every topic due now, which is no longer due. */
    private Set<String> takeDue(Collection<String> carried) {
        Set<String> topics = new HashSet<>(carried);
        for (String topic : List.copyOf(due)) {
            if (due.remove(topic)) {
                topics.add(topic);
            }
        }
        return topics;
    }

    private void start() {
        if (!stopping && !due.isEmpty() && running.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException busy) {
                running.set(false);
            }
        }
    }

    /**
     * One relay at a time on this node: after the linger, one batch of what is due, then at once the
     * next only for topics that had more than a batch could take (a backlog drains back to back),
     * joined by those due by then. Topics committed to while the batch was sent and none of whose
     * backlog is left wait for the next linger: a steady flow of commits then costs one transaction
     * per linger, not one per batch's own time.
     */
    private void drain() {
        try {
            if (!stopping) {
                linger();
            }
            int max = config.jmsEventsBatchSize();
            Set<String> topics = takeDue(Set.of());
            while (!topics.isEmpty() && !stopping) {
                List<String> more;
                try {
                    more = batch.send(topics, max);
                } catch (RuntimeException failed) {
                    // the next catch-up tries again from the durable positions
                    log.log(Level.FINE, "relaying events of " + topics.size() + " topics to JMS failed", failed);
                    more = List.of();
                }
                topics = more.isEmpty() ? Set.of() : takeDue(more);
            }
        } finally {
            synchronized (running) {
                running.set(false);
                running.notifyAll();
            }
            start();
        }
    }
}
