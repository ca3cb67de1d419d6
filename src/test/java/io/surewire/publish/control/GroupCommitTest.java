package io.surewire.publish.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    private final ExecutorService threads = Executors.newFixedThreadPool(16);

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** A log per key that hands out consecutive numbers, batch by batch, and remembers the batches. */
    private static final class Log {
        final Map<String, Long> last = new HashMap<>();
        final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        int running;
        int mostAtOnce;

        Function<List<String>, List<Long>> commit(String key) {
            return requests -> {
                synchronized (this) {
                    running++;
                    mostAtOnce = Math.max(mostAtOnce, running);
                }
                // a transaction takes a while: the requests that come meanwhile queue up
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                List<Long> seqs = new ArrayList<>();
                synchronized (this) {
                    for (String ignored : requests) {
                        seqs.add(last.merge(key, 1L, Long::sum));
                    }
                    running--;
                }
                batchSizes.add(requests.size());
                return seqs;
            };
        }
    }

    @Test
    void everyCallerGetsItsOwnOutcomeAndConcurrentCallersShareATransaction() throws Exception {
        GroupCommit<String, Long> group = new GroupCommit<>(8);
        Log log = new Log();
        int callers = 16;
        int each = 100;
        List<CompletableFuture<List<Long>>> results = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int c = 0; c < callers; c++) {
            results.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                List<Long> mine = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    mine.add(group.submit("t", "r", log.commit("t"), failed -> -1L));
                }
                return mine;
            }, threads));
        }
        start.countDown();
        List<Long> all = new ArrayList<>();
        for (CompletableFuture<List<Long>> result : results) {
            all.addAll(result.get(60, TimeUnit.SECONDS));
        }
        Collections.sort(all);
        List<Long> expected = new ArrayList<>();
        for (long seq = 1; seq <= (long) callers * each; seq++) {
            expected.add(seq);
        }
        assertEquals(expected, all, "every request got one seq of its own, none twice, none lost");
        assertEquals(1, log.mostAtOnce, "one transaction of a key at a time");
        assertTrue(log.batchSizes.stream().allMatch(size -> size >= 1 && size <= 8), log.batchSizes.toString());
        assertTrue(log.batchSizes.stream().anyMatch(size -> size > 1), "waiting requests were committed together");
        assertEquals(0, group.activeKeys(), "an idle key keeps nothing");
    }

    /**
     * Starts a transaction of {@code key} that lasts until {@code release}, and returns once it is
     * under way: what is submitted to the key meanwhile waits for it.
     */
    private CompletableFuture<String> holding(GroupCommit<Integer, String> group, String key, CountDownLatch release)
            throws InterruptedException {
        CountDownLatch underWay = new CountDownLatch(1);
        CompletableFuture<String> result = CompletableFuture.supplyAsync(() -> group.submit(key, 0, batch -> {
            underWay.countDown();
            await(release);
            return List.of(key + "-done");
        }, failed -> "failed: " + failed.getMessage()), threads);
        assertTrue(underWay.await(10, TimeUnit.SECONDS));
        return result;
    }

    @Test
    void aBatchIsCountedByWeightAndTheOldestGoesFirstWhateverItWeighs() throws Exception {
        GroupCommit<Integer, String> group = new GroupCommit<>(5, weight -> weight);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = holding(group, "t", release);
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        List<CompletableFuture<String>> waiting = new ArrayList<>();
        for (int weight : new int[] {3, 2, 4, 7}) {
            waiting.add(CompletableFuture.supplyAsync(() -> group.submit("t", weight, batch -> {
                batches.add(batch);
                return batch.stream().map(w -> "w" + w).toList();
            }, failed -> "failed"), threads));
            awaitWaiting(group, "t", waiting.size());
        }
        release.countDown();

        assertEquals("t-done", first.get(10, TimeUnit.SECONDS));
        List<String> outcomes = new ArrayList<>();
        for (CompletableFuture<String> f : waiting) {
            outcomes.add(f.get(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of("w3", "w2", "w4", "w7"), outcomes);
        assertEquals(List.of(List.of(3, 2), List.of(4), List.of(7)), batches,
                "3 + 2 fill 5; 4 goes next, alone; 7 is heavier than a batch and still goes, alone");
    }

    @Test
    void keysDoNotWaitForEachOther() throws Exception {
        GroupCommit<Integer, String> group = new GroupCommit<>(8);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> slow = holding(group, "a", release);

        assertEquals("b-done", group.submit("b", 1, batch -> List.of("b-done"), failed -> "failed"));
        release.countDown();
        assertEquals("a-done", slow.get(10, TimeUnit.SECONDS));
    }

    @Test
    void whatWaitsIsCountedOverEveryKeyAndWhatCommitsIsNot() throws Exception {
        GroupCommit<Integer, String> group = new GroupCommit<>(8);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> a = holding(group, "a", release);
        CompletableFuture<String> b = holding(group, "b", release);
        assertEquals(0, group.waitingRequests(), "the two under way are being committed, not waiting");
        List<CompletableFuture<String>> waiting = new ArrayList<>();
        for (String key : List.of("a", "a", "b")) {
            waiting.add(CompletableFuture.supplyAsync(() -> group.submit(key, 1, batch -> batch.stream()
                    .map(r -> key + "-next").toList(), failed -> "failed"), threads));
        }
        awaitWaiting(group, "a", 2);
        awaitWaiting(group, "b", 1);
        assertEquals(3, group.waitingRequests());
        release.countDown();

        assertEquals("a-done", a.get(10, TimeUnit.SECONDS));
        assertEquals("b-done", b.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("a-next", "a-next", "b-next"), waiting.stream().map(CompletableFuture::join).toList());
        assertEquals(0, group.waitingRequests());
    }

    @Test
    void aBatchThatFailsGivesEveryoneInItTheFailureAndTheNextBatchGoesOn() throws Exception {
        GroupCommit<Integer, String> group = new GroupCommit<>(8);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = holding(group, "t", release);
        List<CompletableFuture<String>> waiting = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int n = i;
            waiting.add(CompletableFuture.supplyAsync(() -> group.submit("t", n, batch -> {
                throw new IllegalStateException("database gone, batch of " + batch.size());
            }, failed -> "failed: " + failed.getMessage()), threads));
        }
        awaitWaiting(group, "t", waiting.size());
        release.countDown();

        assertEquals("t-done", first.get(10, TimeUnit.SECONDS));
        for (CompletableFuture<String> f : waiting) {
            assertTrue(f.get(10, TimeUnit.SECONDS).startsWith("failed: database gone"), f.get());
        }
        assertEquals("after", group.submit("t", 9, batch -> List.of("after"), failed -> "failed"));
    }

    @Test
    void anErrorReachesEveryCallerOfItsBatch() throws Exception {
        GroupCommit<Integer, String> group = new GroupCommit<>(8);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = holding(group, "t", release);
        List<CompletableFuture<String>> waiting = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            int n = i;
            waiting.add(CompletableFuture.supplyAsync(() -> group.submit("t", n, batch -> {
                throw new OutOfMemoryError("simulated");
            }, failed -> "failed"), threads));
        }
        awaitWaiting(group, "t", waiting.size());
        release.countDown();

        assertEquals("t-done", first.get(10, TimeUnit.SECONDS));
        for (CompletableFuture<String> f : waiting) {
            assertThrows(Exception.class, () -> f.get(10, TimeUnit.SECONDS));
        }
        assertEquals(0, group.activeKeys());
    }

    /** Until {@code count} requests of {@code key} wait behind the transaction under way. */
    private static void awaitWaiting(GroupCommit<?, ?> group, String key, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (group.waiting(key) < count) {
            assertTrue(System.nanoTime() < deadline, "requests did not queue: " + group.waiting(key));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aBatchIsNeverEmptyNorLargerThanItsLimit() {
        assertThrows(IllegalArgumentException.class, () -> new GroupCommit<String, String>(0));
    }
}
