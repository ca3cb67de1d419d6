package io.surewire.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BatchLaneTest {

    /** Runs nothing until told to: the test decides when the lane's runs happen. */
    private static final class HeldPool implements Executor {
        final List<Runnable> held = new ArrayList<>();
        boolean refusing;

        @Override
        public void execute(Runnable task) {
            if (refusing) {
                throw new RejectedExecutionException("stopping");
            }
            held.add(task);
        }

        void runAll() {
            while (!held.isEmpty()) {
                held.remove(0).run();
            }
        }
    }

    @Test
    void itemsThatWaitedTogetherAreHandedOverTogetherInOrder() {
        HeldPool pool = new HeldPool();
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        BatchLane<Integer> lane = new BatchLane<>(new SerialExecutor(pool, 100), 100, 4, batches::add, refused -> {
            throw new AssertionError("refused " + refused);
        });
        for (int i = 1; i <= 10; i++) {
            assertTrue(lane.offer(i));
        }
        pool.runAll();
        assertEquals(List.of(List.of(1, 2, 3, 4), List.of(5, 6, 7, 8), List.of(9, 10)), batches,
                "at most 4 a batch, in order; the runs that find nothing left hand over nothing");
        assertTrue(lane.offer(11));
        pool.runAll();
        assertEquals(List.of(11), batches.get(3));
        assertEquals(0, lane.size());
    }

    @Test
    void anItemOverTheLimitIsRefusedByTheCallerAndNeverHandedOver() {
        HeldPool pool = new HeldPool();
        List<Integer> handed = new ArrayList<>();
        List<Integer> refused = new ArrayList<>();
        BatchLane<Integer> lane = new BatchLane<>(new SerialExecutor(pool, 2), 2, 10, handed::addAll, refused::add);
        assertTrue(lane.offer(1));
        assertTrue(lane.offer(2));
        assertFalse(lane.offer(3), "two runs wait already");
        pool.runAll();
        assertEquals(List.of(1, 2), handed, "3 was given back to the caller, not handed over");
        assertEquals(List.of(), refused, "the caller answers 3, the lane does not");
    }

    /**
     * Regression: the limit counted the runs waiting, not the items: a run that took every item waiting
     * (as a drain racing the offers does) let a burst of any size in. Items being handled count until
     * they are handled.
     */
    @Test
    void itemsBeingHandledStillCountAgainstTheLimit() {
        HeldPool pool = new HeldPool();
        List<Integer> handed = new ArrayList<>();
        List<Boolean> offeredMeanwhile = new ArrayList<>();
        AtomicReference<BatchLane<Integer>> lane = new AtomicReference<>();
        lane.set(new BatchLane<>(new SerialExecutor(pool, 100), 2, 10, batch -> {
            handed.addAll(batch);
            if (batch.contains(1)) {
                offeredMeanwhile.add(lane.get().offer(3));
            }
        }, refused -> {
        }));
        assertTrue(lane.get().offer(1));
        assertTrue(lane.get().offer(2));
        assertFalse(lane.get().offer(3), "two items wait, although the executor would take a hundred runs");
        pool.runAll();
        assertEquals(List.of(false), offeredMeanwhile, "1 and 2 are being handled: 3 is refused");
        assertEquals(List.of(1, 2), handed);
        assertTrue(lane.get().offer(4), "handled: they count no more");
        pool.runAll();
        assertEquals(List.of(1, 2, 4), handed);
    }

    @Test
    void equalItemsAreTwoEntries() {
        HeldPool pool = new HeldPool();
        List<String> handed = new ArrayList<>();
        BatchLane<String> lane = new BatchLane<>(new SerialExecutor(pool, 2), 2, 10, handed::addAll, r -> {
        });
        assertTrue(lane.offer("same"));
        assertTrue(lane.offer("same"));
        assertFalse(lane.offer("same"));
        pool.runAll();
        assertEquals(List.of("same", "same"), handed, "the refused one took out its own entry, not an equal one");
    }

    @Test
    void whenThePoolRefusesToRunTheWaitingItemsAreRefusedOnce() {
        HeldPool pool = new HeldPool();
        pool.refusing = true;
        List<Integer> handed = new ArrayList<>();
        List<Integer> refused = new ArrayList<>();
        BatchLane<Integer> lane = new BatchLane<>(new SerialExecutor(pool, 10), 10, 10, handed::addAll, refused::add);
        assertTrue(lane.offer(1), "queued: the pool's refusal comes after");
        assertEquals(List.of(1), refused);
        pool.refusing = false;
        assertTrue(lane.offer(2));
        pool.runAll();
        assertEquals(List.of(2), handed, "1 is never handed over after its refusal");
        assertEquals(List.of(1), refused);
    }
}
