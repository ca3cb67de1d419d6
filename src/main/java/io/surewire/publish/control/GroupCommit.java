package io.surewire.publish.control;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Group commit: requests for one key (a topic) that arrive while a transaction for that key is under
 * way wait, and the next transaction takes all of them, up to {@code maxBatch} (counted by each
 * request's weight: a request may carry several events; one heavier than that goes alone). No thread of its own:
 * the caller that finds its key idle leads, commits the batch (its own request and those waiting)
 * and hands the lead to the oldest request still waiting; every other caller waits for its outcome.
 * Every caller gets its own outcome, after its batch committed or failed.
 *
 * @param <R> a request
 * @param <O> its outcome
 */
public final class GroupCommit<R, O> {

    private static final Object LEAD = new Object();

    private final int maxBatch;
    private final ToIntFunction<R> weight;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    /** Batches of at most {@code maxBatch} requests. */
    public GroupCommit(int maxBatch) {
        this(maxBatch, request -> 1);
    }

    /** Batches of at most {@code maxBatch} in weight, but always the oldest request, whatever its weight. */
    public GroupCommit(int maxBatch, ToIntFunction<R> weight) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("a batch holds at least one request");
        }
        this.maxBatch = maxBatch;
        this.weight = weight;
    }

    /**
     * Commits {@code request} with whatever else waits for {@code key}: {@code commit} takes the batch
     * (oldest first) and returns one outcome per request, in order. When it throws, every request of
     * the batch gets the outcome {@code failed} makes of the failure.
     */
    @SuppressWarnings("unchecked")
    public O submit(String key, R request, Function<List<R>, List<O>> commit, Function<RuntimeException, O> failed) {
        Pending<R> pending = new Pending<>(request);
        Lane lane = join(key, pending);
        if (!pending.leadsAtOnce) {
            Object signal = pending.signal.join();
            if (signal != LEAD) {
                return (O) signal;
            }
        }
        return lead(key, lane, pending, commit, failed);
    }

    /** Queues the request in its key's lane; it leads when the lane was idle. */
    private Lane join(String key, Pending<R> pending) {
        while (true) {
            Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
            synchronized (lane) {
                if (lane.retired) {
                    continue;
                }
                lane.waiting.add(pending);
                if (lane.leader == null) {
                    lane.leader = pending;
                    pending.leadsAtOnce = true;
                }
                return lane;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private O lead(String key, Lane lane, Pending<R> self, Function<List<R>, List<O>> commit,
                   Function<RuntimeException, O> failed) {
        List<Pending<R>> batch = new ArrayList<>();
        synchronized (lane) {
            int taken = 0;
            while (!lane.waiting.isEmpty()) {
                int next = weight.applyAsInt(((Pending<R>) lane.waiting.peek()).request);
                if (!batch.isEmpty() && taken + next > maxBatch) {
                    break;
                }
                batch.add((Pending<R>) lane.waiting.poll());
                taken += next;
            }
        }
        O own = null;
        try {
            List<O> outcomes = outcomes(batch, commit, failed);
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i) == self) {
                    own = outcomes.get(i);
                } else {
                    batch.get(i).signal.complete(outcomes.get(i));
                }
            }
        } catch (Error fatal) {
            batch.forEach(p -> p.signal.completeExceptionally(fatal));
            throw fatal;
        } finally {
            handOver(key, lane);
        }
        return own;
    }

    private List<O> outcomes(List<Pending<R>> batch, Function<List<R>, List<O>> commit,
                             Function<RuntimeException, O> failed) {
        List<O> outcomes = new ArrayList<>(batch.size());
        try {
            List<O> committed = commit.apply(batch.stream().map(p -> p.request).toList());
            if (committed.size() != batch.size()) {
                throw new IllegalStateException(committed.size() + " outcomes for a batch of " + batch.size());
            }
            outcomes.addAll(committed);
        } catch (RuntimeException e) {
            O outcome = failed.apply(e);
            batch.forEach(p -> outcomes.add(outcome));
        }
        return outcomes;
    }

    /** The oldest waiting request leads next; with none, the lane is retired. */
    private void handOver(String key, Lane lane) {
        Pending<?> next;
        synchronized (lane) {
            next = (Pending<?>) lane.waiting.peek();
            lane.leader = next;
            if (next == null) {
                lane.retired = true;
                lanes.remove(key, lane);
                return;
            }
        }
        next.signal.complete(LEAD);
    }

    /** How many requests of {@code key} wait or are being committed. */
    int waiting(String key) {
        Lane lane = lanes.get(key);
        if (lane == null) {
            return 0;
        }
        synchronized (lane) {
            return lane.waiting.size();
        }
    }

    /** How many requests of every key wait for a transaction, not counting those being committed. */
    public int waitingRequests() {
        int waiting = 0;
        for (Lane lane : lanes.values()) {
            synchronized (lane) {
                waiting += lane.waiting.size();
            }
        }
        return waiting;
    }

    /** How many keys have a transaction under way or requests waiting. */
    public int activeKeys() {
        return lanes.size();
    }

    private static final class Lane {
        final ArrayDeque<Object> waiting = new ArrayDeque<>();
        /** The request whose caller leads the lane now, or {@code null} when the lane is idle. */
        Object leader;
        boolean retired;
    }

    private static final class Pending<R> {
        final R request;
        final CompletableFuture<Object> signal = new CompletableFuture<>();
        /** Whether its caller found the lane idle (set and read by that caller only). */
        boolean leadsAtOnce;

        Pending(R request) {
            this.request = request;
        }
    }
}
