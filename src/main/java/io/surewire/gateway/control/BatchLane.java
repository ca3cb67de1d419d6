package io.surewire.gateway.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Items handled one batch at a time, in the order given, on a {@link SerialExecutor}: each run takes
 * every item waiting by then (at most {@code maxBatch}) and hands them over together. A connection's
 * publishes go this way, so that those that queued up while one transaction ran commit in the next
 * one, in order. An item is either handed over in a batch or {@code refused}, never both.
 *
 * @param <T> an item
 */
public final class BatchLane<T> {

    private final SerialExecutor executor;
    private final int maxPending;
    private final int maxBatch;
    private final Consumer<List<T>> handle;
    private final Consumer<T> refused;
    private final Queue<Waiting<T>> waiting = new ConcurrentLinkedQueue<>();
    /** Items taken and not yet handled: waiting, or in a batch being handled. */
    private final AtomicInteger pending = new AtomicInteger();

    /**
     * At most {@code maxPending} items wait or are being handled at a time; a batch holds at most
     * {@code maxBatch}.
     */
    public BatchLane(SerialExecutor executor, int maxPending, int maxBatch, Consumer<List<T>> handle,
                     Consumer<T> refused) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("a batch holds at least one item");
        }
        this.executor = executor;
        this.maxPending = maxPending;
        this.maxBatch = maxBatch;
        this.handle = handle;
        this.refused = refused;
    }

    /**
     * Queues {@code item} after every item given before it. {@code false} when {@code maxPending}
     * items wait or are being handled, or the executor has as many runs waiting as it may hold and no
     * run took the item meanwhile: the caller refuses it.
     */
    public boolean offer(T item) {
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            return false;
        }
        Waiting<T> entry = new Waiting<>(item);
        waiting.add(entry);
        boolean queued = executor.offer(new SerialExecutor.Refusable() {
            @Override
            public void run() {
                drain();
            }

            @Override
            public void refuse() {
                if (waiting.remove(entry)) {
                    pending.decrementAndGet();
                    refused.accept(item);
                }
            }
        });
        // a run that started meanwhile may have taken it: then it is handled, and not refused
        if (queued || !waiting.remove(entry)) {
            return true;
        }
        pending.decrementAndGet();
        return false;
    }

    /** How many runs wait or run. */
    public int size() {
        return executor.size();
    }

    private void drain() {
        List<T> batch = new ArrayList<>();
        for (Waiting<T> next = waiting.poll(); next != null; next = batch.size() < maxBatch ? waiting.poll() : null) {
            batch.add(next.item);
        }
        if (!batch.isEmpty()) {
            try {
                handle.accept(batch);
            } finally {
                pending.addAndGet(-batch.size());
            }
        }
    }

    /** An item with an identity of its own (no {@code equals}): two equal items are two entries. */
    private static final class Waiting<T> {
        final T item;

        Waiting(T item) {
            this.item = item;
        }
    }
}
