package io.surewire.gateway.control;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    /** A WebSocket container's async remote that records each send and completes it when told. */
    static final class Remote {
        final List<String> sent = new ArrayList<>();
        final BlockingQueue<SendHandler> pending = new LinkedBlockingQueue<>();
        /** When true a send completes at once, on the sending thread, as Undertow does on its I/O thread. */
        volatile boolean completeAtOnce;
        volatile boolean fail;

        RemoteEndpoint.Async async() {
            return (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                        if (!method.getName().equals("sendText") || args.length != 2) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        synchronized (this) {
                            sent.add((String) args[0]);
                        }
                        SendHandler handler = (SendHandler) args[1];
                        if (completeAtOnce) {
                            handler.onResult(result());
                        } else {
                            pending.add(handler);
                        }
                        return null;
                    });
        }

        SendResult result() {
            return fail ? new SendResult(new IOException("connection reset")) : new SendResult();
        }

        /** Completes the {@code n} oldest sends, in order. */
        void complete(int n) {
            for (int i = 0; i < n; i++) {
                pending.remove().onResult(result());
            }
        }

        synchronized List<String> sent() {
            return List.copyOf(sent);
        }
    }

    private final Remote remote = new Remote();
    private final AtomicInteger closes = new AtomicInteger();

    private OutboundQueue queue(int limit, int inFlight) {
        return new OutboundQueue(remote.async(), limit, inFlight, closes::incrementAndGet);
    }

    private static List<String> frames(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "f" + i).toList();
    }

    @Test
    void atMostInFlightFramesAreHandedToTheContainerAndEachCompletionLetsTheNextGo() {
        OutboundQueue queue = queue(100, 4);
        frames(1, 10).forEach(f -> queue.offer(f, false));

        assertEquals(frames(1, 4), remote.sent());
        assertEquals(10, queue.backlog());

        remote.complete(1);
        assertEquals(frames(1, 5), remote.sent());
        remote.complete(3);
        assertEquals(frames(1, 8), remote.sent());
        remote.complete(4);
        assertEquals(frames(1, 10), remote.sent());
        remote.complete(2);

        assertEquals(0, queue.backlog());
        assertEquals(10, queue.queued());
        assertEquals(10, queue.written());
        assertTrue(remote.pending.isEmpty());
    }

    @Test
    void oneInFlightWritesOneFrameAtATime() {
        OutboundQueue queue = queue(100, 1);
        frames(1, 3).forEach(f -> queue.offer(f, false));

        assertEquals(frames(1, 1), remote.sent());
        remote.complete(1);
        assertEquals(frames(1, 2), remote.sent());
        remote.complete(1);
        remote.complete(1);
        assertEquals(frames(1, 3), remote.sent());
        assertEquals(3, queue.written());
    }

    @Test
    void sendsThatCompleteOnTheSendingThreadGoOnInOrderWithoutRecursion() {
        remote.completeAtOnce = true;
        OutboundQueue queue = queue(100_000, 16);

        frames(1, 50_000).forEach(f -> queue.offer(f, false));

        assertEquals(frames(1, 50_000), remote.sent());
        assertEquals(0, queue.backlog());
        assertEquals(50_000, queue.written());
    }

    @Test
    void liveFramesAreRefusedAtTheLimitCountingThoseInFlight() {
        OutboundQueue queue = queue(3, 2);

        assertTrue(queue.offer("f1", true));
        assertTrue(queue.offer("f2", true));
        assertTrue(queue.offer("f3", true));
        assertFalse(queue.offer("f4", true), "two in flight and one waiting make the limit");
        assertTrue(queue.offer("answer", false), "an answer is queued whatever the backlog");

        remote.complete(2);
        assertTrue(queue.offer("f5", true));
        assertEquals(List.of("f1", "f2", "f3", "answer"), remote.sent());
    }

    @Test
    void closeAfterWritesWaitsForEveryFrameInFlightThenClosesOnce() {
        OutboundQueue queue = queue(100, 4);
        frames(1, 3).forEach(f -> queue.offer(f, false));

        var finished = queue.closeAfterWrites();
        queue.offer("after the close", false);

        assertEquals(0, closes.get());
        remote.complete(2);
        assertEquals(0, closes.get(), "one frame is still being written");
        assertFalse(finished.isDone());
        remote.complete(1);

        assertEquals(1, closes.get());
        assertTrue(finished.isDone());
        assertEquals(frames(1, 3), remote.sent(), "nothing offered after the close is sent");
    }

    @Test
    void aFailedSendDropsWhatIsQueuedAndEndsTheQueue() {
        OutboundQueue queue = queue(100, 2);
        frames(1, 5).forEach(f -> queue.offer(f, false));

        remote.fail = true;
        remote.complete(1);
        remote.complete(1);

        assertEquals(frames(1, 2), remote.sent());
        assertEquals(0, queue.backlog());
        assertEquals(queue.queued(), queue.written());
        assertTrue(queue.closeAfterWrites().isDone());
        queue.offer("f6", false);
        assertEquals(frames(1, 2), remote.sent());
    }

    @Test
    void theDrainWaiterRunsWhenTheBacklogIsDownToAQuarter() {
        OutboundQueue queue = queue(8, 4);
        frames(1, 8).forEach(f -> queue.offer(f, false));
        AtomicInteger woken = new AtomicInteger();

        queue.whenDrained(woken::incrementAndGet);
        remote.complete(4);
        assertEquals(0, woken.get(), "4 left: above a quarter of 8");
        remote.complete(2);

        assertEquals(1, woken.get());
    }

    @Test
    void atLeastOneFrameMustBeAllowedInFlight() {
        assertThrows(IllegalArgumentException.class, () -> queue(10, 0));
    }

    /**
     * Four threads offer while a fifth completes the sends as they come, as an I/O thread does: every
     * frame is sent once, each thread's in the order it offered them, and none is left behind (a
     * completion that raced a thread handing frames over would leave the queue stuck).
     */
    @Test
    void framesOfferedFromSeveralThreadsWhileSendsCompleteAreAllSentOnceInOrder() throws Exception {
        OutboundQueue queue = queue(1_000_000, 8);
        int threads = 4;
        int each = 20_000;
        ExecutorService offerers = Executors.newFixedThreadPool(threads + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                offerers.execute(() -> {
                    awaitStart(start);
                    for (int i = 0; i < each; i++) {
                        queue.offer(thread + ":" + i, false);
                    }
                });
            }
            AtomicInteger completed = new AtomicInteger();
            offerers.execute(() -> {
                awaitStart(start);
                while (completed.get() < threads * each) {
                    try {
                        SendHandler handler = remote.pending.poll(10, java.util.concurrent.TimeUnit.MILLISECONDS);
                        if (handler != null) {
                            handler.onResult(new SendResult());
                            completed.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
            start.countDown();
            await().atMost(Duration.ofSeconds(60)).until(() -> completed.get() == threads * each);
        } finally {
            offerers.shutdownNow();
        }

        List<String> sent = remote.sent();
        assertEquals(threads * each, sent.size());
        int[] next = new int[threads];
        for (String frame : sent) {
            String[] parts = frame.split(":");
            int thread = Integer.parseInt(parts[0]);
            assertEquals(next[thread]++, Integer.parseInt(parts[1]), () -> "out of order: " + frame);
        }
        assertEquals(0, queue.backlog());
        assertEquals(threads * each, queue.written());
    }

    private static void awaitStart(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
