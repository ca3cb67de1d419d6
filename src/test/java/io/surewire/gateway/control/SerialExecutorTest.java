package io.surewire.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SerialExecutor}: tasks one at a time, in order, on a shared pool. */
class SerialExecutorTest {

    private static final Logger LOG = Logger.getLogger(SerialExecutor.class.getName());
    private Level level;

    /** A pool that only queues what it is given; the test runs it step by step. */
    static final class QueuedPool implements java.util.concurrent.Executor {
        final Queue<Runnable> queued = new ArrayDeque<>();
        boolean reject;

        @Override
        public void execute(Runnable command) {
            if (reject) {
                throw new RejectedExecutionException("pool full");
            }
            queued.add(command);
        }

        /** Runs the next queued pool task; false when there is none. */
        boolean step() {
            Runnable next = queued.poll();
            if (next == null) {
                return false;
            }
            next.run();
            return true;
        }

        void runAll() {
            int steps = 0;
            while (step()) {
                assertTrue(++steps < 10_000, "the pool never runs dry");
            }
        }
    }

    @BeforeEach
    void quiet() {
        // the executor logs failing tasks and refusals; the tests make those happen on purpose
        level = LOG.getLevel();
        LOG.setLevel(Level.OFF);
    }

    @AfterEach
    void restore() {
        LOG.setLevel(level);
    }

    @Test
    void runsTasksInTheOrderGiven() {
        QueuedPool pool = new QueuedPool();
        SerialExecutor executor = new SerialExecutor(pool, Integer.MAX_VALUE);
        List<Integer> ran = new ArrayList<>();

        for (int i = 0; i < 10; i++) {
            int n = i;
            executor.offer(() -> ran.add(n));
        }
        assertEquals(List.of(), ran, "nothing runs on the caller's thread");
        assertEquals(1, pool.queued.size(), "one pool task for the whole series");

        pool.runAll();

        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), ran);
    }

    @Test
    void runOrOfferRunsAtOnceOnlyWhenNothingRunsOrWaits() {
        QueuedPool pool = new QueuedPool();
        SerialExecutor executor = new SerialExecutor(pool, Integer.MAX_VALUE);
        List<String> ran = new ArrayList<>();

        assertTrue(executor.runOrOffer(() -> ran.add("idle")));
        assertEquals(List.of("idle"), ran, "an idle executor runs it on the caller's thread");
        assertEquals(0, pool.queued.size());

        executor.offer(() -> ran.add("queued"));
        assertTrue(executor.runOrOffer(() -> ran.add("behind")));
        assertEquals(List.of("idle"), ran, "with a task waiting it waits too, in order");
        pool.runAll();
        assertEquals(List.of("idle", "queued", "behind"), ran);
    }

    @Test
    void aTaskGivenWhileOneRunsAtOnceRunsAfterItOnThePool() {
        QueuedPool pool = new QueuedPool();
        SerialExecutor executor = new SerialExecutor(pool, Integer.MAX_VALUE);
        List<String> ran = new ArrayList<>();
        AtomicInteger running = new AtomicInteger();

        executor.runOrOffer(() -> {
            assertEquals(1, running.incrementAndGet());
            ran.add("a start");
            executor.runOrOffer(() -> {
                assertEquals(1, running.incrementAndGet(), "two tasks at once");
                ran.add("b");
                running.decrementAndGet();
            });
            ran.add("a end");
            running.decrementAndGet();
        });
        assertEquals(List.of("a start", "a end"), ran);
        assertEquals(1, pool.queued.size(), "what came meanwhile is scheduled when the caller lets go");
        pool.runAll();
        assertEquals(List.of("a start", "a end", "b"), ran);
    }

    @Test
    void aFailingTaskRunAtOnceLeavesTheExecutorFree() {
        QueuedPool pool = new QueuedPool();
        SerialExecutor executor = new SerialExecutor(pool, Integer.MAX_VALUE);
        List<String> ran = new ArrayList<>();

        executor.runOrOffer(() -> {
            throw new IllegalStateException("fails");
        });
        executor.runOrOffer(() -> ran.add("next"));
        assertEquals(List.of("next"), ran);
    }

    @Test
    void aTaskGivenByARunningTaskRunsAfterItNotInsideIt() {
        QueuedPool pool = new QueuedPool();
        SerialExecutor executor = new SerialExecutor(pool, Integer.MAX_VALUE);
        List<String> events = new ArrayList<>();
        AtomicInteger running = new AtomicInteger();

        executor.offer(() -> {
            assertEquals(1, running.incrementAndGet());
            events.add("a start");
            executor.offer(() -> {
                assertEquals(1, running.incrementAndGet(), "two tasks at once");
                events.add("b");
                running.decrementAndGet();
            });
            events.add("a end");
            running.decrementAndGet();
        });
        pool.runAll();

        assertEquals(List.of("a start", "a end", "b"), events);
    }

    @Test
    void noSecondPoolTaskWhileOneIsScheduledOrRunning() {
        QueuedPool pool = new QueuedPool();
        SerialExecutor executor = new SerialExecutor(pool, Integer.MAX_VALUE);
        List<Integer> ran = new ArrayList<>();

        executor.offer(() -> {
            ran.add(1);
            executor.offer(() -> ran.add(3));
            assertEquals(0, pool.queued.size(), "a second drain was scheduled while one runs");
        });
        executor.offer(() -> ran.add(2));
        assertEquals(1, pool.queued.size());

        pool.runAll();
        assertEquals(List.of(1, 2, 3), ran);
    }

    @Test
    void afterABatchTheThreadIsYieldedAndTheRestScheduledAgain() {
        QueuedPool pool = new QueuedPool();
        SerialExecutor executor = new SerialExecutor(pool, Integer.MAX_VALUE);
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            executor.offer(() -> ran.add(n));
        }

        assertTrue(pool.step());
        assertTrue(ran.size() < 100, "one pool task ran all 100 tasks");
        assertTrue(ran.size() > 0);
        assertEquals(1, pool.queued.size(), "the rest is scheduled again");

        pool.runAll();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add(i);
        }
        assertEquals(expected, ran);
    }

    @Test
    void aFailingTaskDoesNotStopTheOthers() {
        QueuedPool pool = new QueuedPool();
        SerialExecutor executor = new SerialExecutor(pool, Integer.MAX_VALUE);
        List<Integer> ran = new ArrayList<>();

        executor.offer(() -> ran.add(1));
        executor.offer(() -> {
            throw new IllegalStateException("boom");
        });
        executor.offer(() -> ran.add(3));
        pool.runAll();

        assertEquals(List.of(1, 3), ran);

        executor.offer(() -> ran.add(4));
        pool.runAll();
        assertEquals(List.of(1, 3, 4), ran);
    }

    @Test
    void aPoolThatRefusesRefusesTheWaitingTasksAndTheNextOfferSchedulesAgain() {
        QueuedPool pool = new QueuedPool();
        SerialExecutor executor = new SerialExecutor(pool, Integer.MAX_VALUE);
        List<String> happened = new ArrayList<>();

        pool.reject = true;
        assertTrue(executor.offer(refusable(1, happened)));
        assertTrue(executor.offer(() -> happened.add("plain task")));
        assertEquals(List.of("refused 1"), happened, "the refusable task is told; the plain one is dropped");
        assertEquals(0, executor.size());

        pool.reject = false;
        assertTrue(executor.offer(refusable(2, happened)));
        pool.runAll();

        assertEquals(List.of("refused 1", "ran 2"), happened);
    }

    @Test
    void atItsLimitItRefusesTheNextTaskUntilOneHasRun() {
        QueuedPool pool = new QueuedPool();
        SerialExecutor executor = new SerialExecutor(pool, 3);
        List<Integer> ran = new ArrayList<>();

        for (int n = 1; n <= 3; n++) {
            int task = n;
            assertTrue(executor.offer(() -> ran.add(task)), "task " + n + " is within the limit");
        }
        assertFalse(executor.offer(() -> ran.add(4)), "a fourth task is refused");
        assertEquals(3, executor.size());

        pool.runAll();
        assertEquals(List.of(1, 2, 3), ran, "the refused task never ran");
        assertEquals(0, executor.size());
        assertTrue(executor.offer(() -> ran.add(5)), "room again once the tasks ran");
        pool.runAll();
        assertEquals(List.of(1, 2, 3, 5), ran);
    }

    @Test
    void aFailingTaskFreesItsPlace() {
        QueuedPool pool = new QueuedPool();
        SerialExecutor executor = new SerialExecutor(pool, 1);

        assertTrue(executor.offer(() -> {
            throw new IllegalStateException("on purpose");
        }));
        pool.runAll();

        assertEquals(0, executor.size());
        assertTrue(executor.offer(() -> { }));
    }

    private static SerialExecutor.Refusable refusable(int n, List<String> happened) {
        return new SerialExecutor.Refusable() {
            @Override
            public void run() {
                happened.add("ran " + n);
            }

            @Override
            public void refuse() {
                happened.add("refused " + n);
            }
        };
    }

    @Test
    void idleExecutorHoldsNoPoolThread() {
        QueuedPool pool = new QueuedPool();
        SerialExecutor executor = new SerialExecutor(pool, Integer.MAX_VALUE);

        executor.offer(() -> { });
        pool.runAll();

        assertFalse(pool.step(), "nothing left in the pool once the tasks ran");
        executor.offer(() -> { });
        assertEquals(1, pool.queued.size(), "a new task schedules a new drain");
        pool.runAll();
    }

    @Test
    void onARealPoolTasksFromManyThreadsNeverOverlapAndKeepEachThreadsOrder() throws Exception {
        int producers = 8;
        int perProducer = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        ExecutorService submitters = Executors.newFixedThreadPool(producers);
        try {
            SerialExecutor executor = new SerialExecutor(pool, Integer.MAX_VALUE);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(producers * perProducer);
            // plain, unsynchronised state: only the executor's ordering makes it safe
            int[] lastSeen = new int[producers];
            java.util.Arrays.fill(lastSeen, -1);
            List<String> outOfOrder = Collections.synchronizedList(new ArrayList<>());
            int[] count = {0};

            for (int p = 0; p < producers; p++) {
                int producer = p;
                submitters.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < perProducer; i++) {
                        int n = i;
                        executor.offer(() -> {
                            if (running.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            if (lastSeen[producer] != n - 1) {
                                outOfOrder.add(producer + ": " + lastSeen[producer] + " then " + n);
                            }
                            lastSeen[producer] = n;
                            count[0]++;
                            running.decrementAndGet();
                            done.countDown();
                        });
                    }
                });
            }
            start.countDown();

            assertTrue(done.await(60, TimeUnit.SECONDS), "not every task ran");
            CountDownLatch last = new CountDownLatch(1);
            int[] finalCount = new int[1];
            executor.offer(() -> {
                finalCount[0] = count[0];
                last.countDown();
            });
            assertTrue(last.await(60, TimeUnit.SECONDS));

            assertEquals(0, overlaps.get(), "two tasks ran at once");
            assertEquals(List.of(), outOfOrder);
            assertEquals(producers * perProducer, finalCount[0]);
        } finally {
            submitters.shutdownNow();
            pool.shutdownNow();
        }
    }
}
