package io.surewire.gateway.control;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the tasks given to it one at a time, in order, on a shared pool, without holding a pool
 * thread while it has nothing to do. After a batch it yields the thread, so one busy connection
 * cannot keep a pool thread from the others. At most {@code limit} tasks wait: {@link #offer}
 * refuses the next one, so that a connection that cannot keep up never grows the heap. When the
 * pool itself refuses to run it, every waiting task that can be told so is {@link Refusable#refuse
 * refused}.
 */
public final class SerialExecutor {

    /** A task that can be told it will not run. */
    public interface Refusable extends Runnable {
        void refuse();
    }

    private static final Logger LOG = Logger.getLogger(SerialExecutor.class.getName());
    private static final int BATCH = 64;

    private final Executor pool;
    private final int limit;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public SerialExecutor(Executor pool, int limit) {
        this.pool = pool;
        this.limit = limit;
    }

    /** Queues {@code task} after every task given before it; {@code false} (and nothing queued) when {@code limit} wait. */
    public boolean offer(Runnable task) {
        if (waiting.incrementAndGet() > limit) {
            waiting.decrementAndGet();
            return false;
        }
        tasks.add(task);
        schedule();
        return true;
    }

    /**
     * Runs {@code task} at once on the calling thread when no task of this executor runs or waits,
     * holding the executor meanwhile as a drain does; otherwise {@link #offer}s it. Saves a hand-over
     * to the pool for small tasks that arrive while the executor is idle. Returns what {@code offer}
     * would ({@code true} when run at once).
     */
    public boolean runOrOffer(Runnable task) {
        if (!tasks.isEmpty() || !scheduled.compareAndSet(false, true)) {
            return offer(task);
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a connection task failed", e);
        } finally {
            scheduled.set(false);
            if (!tasks.isEmpty()) {
                schedule();
            }
        }
        return true;
    }

    /** How many tasks wait or run. */
    public int size() {
        return waiting.get();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                pool.execute(this::drain);
            } catch (RejectedExecutionException rejected) {
                scheduled.set(false);
                refuseWaiting(rejected);
            }
        }
    }

    private void refuseWaiting(RejectedExecutionException rejected) {
        int refused = 0;
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            waiting.decrementAndGet();
            refused++;
            if (task instanceof Refusable refusable) {
                refusable.refuse();
            }
        }
        int count = refused;
        LOG.log(Level.FINE, rejected, () -> "the pool refused to run " + count + " tasks");
    }

    private void drain() {
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a connection task failed", e);
                } finally {
                    waiting.decrementAndGet();
                }
            }
        } finally {
            scheduled.set(false);
            if (!tasks.isEmpty()) {
                schedule();
            }
        }
    }
}
