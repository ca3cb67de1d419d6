package io.surewire.delivery.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.platform.SurewireConfig;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JmsEventsRelay}: a steady flow of commits waits for the next linger, a backlog does not;
 * stopping with the application waits for the batch being sent, whose transaction must end before
 * the persistence unit goes, and starts no other. Each run of the relay on the executor lingers
 * first, so the executor's count of runs counts the lingers.
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
        return relay(new RelayBatch() {
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
        });
    }

    private JmsEventsRelay relay(RelayBatch batch) {
        JmsEventsRelay relay = new JmsEventsRelay();
        relay.batch = batch;
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

    /**
     * A batch that records the topics of each send, blocks the first until released, and answers
     * each send with the next of {@code answers} (the topics that have more), then with none.
     */
    private final class ScriptedBatch extends RelayBatch {

        final List<Set<String>> sends = new CopyOnWriteArrayList<>();
        final Deque<List<String>> answers;

        ScriptedBatch(List<List<String>> answers) {
            this.answers = new ArrayDeque<>(answers);
        }

        @Override
        public List<String> send(Collection<String> topics, int max) {
            sends.add(Set.copyOf(topics));
            if (sends.size() == 1) {
                sending.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            List<String> more = answers.poll();
            return more == null ? List.of() : more;
        }
    }

    /** Waits (10 s at most) until {@code count} batches were sent; stopping waits for the last to end. */
    private static void awaitSends(ScriptedBatch script, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> script.sends.size() >= count);
    }

    @Test
    void topicsCommittedToDuringABatchWaitForTheNextLinger() throws Exception {
        ScriptedBatch script = new ScriptedBatch(List.of());
        JmsEventsRelay relay = relay(script);
        relay.committed("a");
        assertTrue(sending.await(10, TimeUnit.SECONDS), "the first batch is being sent");
        relay.committed("b");
        relay.committed("c");
        release.countDown();

        awaitSends(script, 2);
        relay.stop();
        assertEquals(List.of(Set.of("a"), Set.of("b", "c")), script.sends);
        assertEquals(2, executed.get(), "the second batch came after a linger of its own");
    }

    @Test
    void aBacklogGoesOnAtOnceWithTheTopicsDueByThen() throws Exception {
        ScriptedBatch script = new ScriptedBatch(List.of(List.of("a")));
        JmsEventsRelay relay = relay(script);
        relay.committed("a");
        assertTrue(sending.await(10, TimeUnit.SECONDS), "the first batch is being sent");
        relay.committed("b");
        release.countDown();

        awaitSends(script, 2);
        relay.stop();
        assertEquals(List.of(Set.of("a"), Set.of("a", "b")), script.sends);
        assertEquals(1, executed.get(), "the backlog's next batch did not linger");
    }
}
