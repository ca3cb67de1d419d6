package io.surewire.delivery.boundary;

import io.surewire.platform.SurewireConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that run the connections' delivery tasks (live events, acks, replays, retries): a
 * fixed pool of {@code surewire.delivery.threads} made by the container's managed thread factory.
 * Its threads carry the application's context from their creation, so a task does not pay for
 * capturing and restoring it, as each task of a managed executor does; at tens of thousands of
 * tasks a second that was a large part of the cost of a delivery. What waits is bounded per
 * connection ({@code surewire.connection.max-queued-tasks}).
 */
@ApplicationScoped
public class DeliveryThreads {

    @Resource(lookup = "java:jboss/ee/concurrency/factory/default")
    ManagedThreadFactory threads;

    @Inject
    SurewireConfig config;

    private ThreadPoolExecutor pool;

    @PostConstruct
    void start() {
        int size = config.deliveryThreads();
        pool = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
    }

    /** The pool itself: handed to the connections, it is called without going through a bean proxy. */
    public Executor executor() {
        return pool;
    }

    /** Lets the tasks under way finish (2 s at most); what still waits is dropped with the connections. */
    @PreDestroy
    void stop() {
        pool.shutdown();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
    }
}
