package io.surewire.delivery.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.platform.SurewireConfig;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JmsEventsRelay} stopping with the application: it waits for the batch being sent, whose
 * transaction must end before the persistence unit goes, and starts no other.
 */
class JmsEventsRelayTest {

    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private final AtomicInteger executed = new AtomicInteger();
    private final CountDownLatch sending = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger batches = new AtomicInteger();

    @AfterEach
    void tearDown() {
        release.countDown();
        pool.shutdownNow();
    }

    private JmsEventsRelay relay() {
        JmsEventsRelay relay = new JmsEventsRelay();
        relay.batch = new RelayBatch() {
            @Override
            public List<String> send(Collection<String> topics, int max) {
                batches.incrementAndGet();
                sending.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of();
            }

            @Override
            public List<String> behind(int max) {
                return List.of("orders");
            }
        };
        relay.config = new SurewireConfig() {
            @Override
            public boolean jmsEventsEnabled() {
                return true;
            }

            @Override
            public long jmsEventsLingerMs() {
                return 0;
            }

            @Override
            public int jmsEventsBatchSize() {
                return 500;
            }
        };
        relay.log = Logger.getLogger(JmsEventsRelayTest.class.getName());
        relay.executor = (ManagedExecutorService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ManagedExecutorService.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("execute")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    executed.incrementAndGet();
                    pool.execute((Runnable) args[0]);
                    return null;
                });
        return relay;
    }

    @Test
    void stoppingWaitsForTheBatchBeingSentAndStartsNoOther() throws Exception {
        JmsEventsRelay relay = relay();
        relay.committed("orders");
        assertTrue(sending.await(10, TimeUnit.SECONDS), "the batch is being sent");

        Thread stopper = new Thread(relay::stop);
        stopper.start();
        stopper.join(300);
        assertTrue(stopper.isAlive(), "stopping waits while the batch's transaction runs");

        release.countDown();
        stopper.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(stopper.isAlive(), "stopping returns once the batch is done");

        int executions = executed.get();
        relay.committed("orders");
        relay.catchUp();
        assertEquals(executions, executed.get(), "no batch starts once stopping");
        assertEquals(1, batches.get());
    }
}
