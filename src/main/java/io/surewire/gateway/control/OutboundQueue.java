package io.surewire.gateway.control;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The frames waiting to be written to one connection, written one at a time with asynchronous
 * sends: no thread ever waits on a slow client. The backlog counts queued frames and the one being
 * written; live events respect {@code limit}, answers and paced replays do not.
 */
public final class OutboundQueue {

    private final RemoteEndpoint.Async remote;
    private final int limit;
    private final Runnable onClose;
    /** Room for a few frames at first (it grows): an idle connection's queue is empty. */
    private final ArrayDeque<Object> frames = new ArrayDeque<>(4);
    /** The one wake-up waiting for the backlog to drain, or {@code null}. */
    private Runnable drainWaiter;
    private int backlog;
    private long queued;
    private long written;
    private boolean writing;
    private boolean closed;
    private Thread sendingThread;
    private long waitingSince;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    /** A mark in the queue: when every frame before it is written, {@code onClose} runs. */
    private static final Object CLOSE = new Object();

    public OutboundQueue(RemoteEndpoint.Async remote, int limit, Runnable onClose) {
        this.remote = remote;
        this.limit = limit;
        this.onClose = onClose;
    }

    /** Queues a frame; {@code false} only when {@code bounded} and the backlog is at the limit. */
    public boolean offer(String frame, boolean bounded) {
        synchronized (this) {
            if (closed) {
                return true;
            }
            if (bounded && backlog >= limit) {
                return false;
            }
            frames.add(frame);
            queued++;
            if (backlog++ == 0) {
                waitingSince = System.currentTimeMillis();
            }
        }
        writeNext();
        return true;
    }

    /**
     * How long frames have been waiting without a single one being written: 0 when the queue is
     * empty or moving. A client that reads nothing makes this grow.
     */
    public synchronized long stalledMillis(long now) {
        return backlog == 0 ? 0 : now - waitingSince;
    }

    /**
     * Writes what is queued, then runs {@code onClose}; frames offered after this are dropped. The
     * future completes when the queue is done, written or not.
     */
    public CompletableFuture<Void> closeAfterWrites() {
        synchronized (this) {
            if (!closed) {
                frames.add(CLOSE);
            }
        }
        writeNext();
        return finished;
    }

    public synchronized int backlog() {
        return backlog;
    }

    /** How many frames were ever queued. */
    public synchronized long queued() {
        return queued;
    }

    /** How many frames were written, or dropped when the queue was closed. */
    public synchronized long written() {
        return written;
    }

    /**
     * Runs {@code task} once the backlog is down to a quarter of the limit (at once if it is). One
     * wake-up waits at a time: a later one replaces an earlier one still waiting, so the queue holds
     * no more than one however often it is asked.
     */
    public void whenDrained(Runnable task) {
        synchronized (this) {
            if (backlog > lowMark() && !closed) {
                drainWaiter = task;
                return;
            }
        }
        task.run();
    }

    /** Drops everything queued; nothing more is written. */
    public void discard() {
        synchronized (this) {
            closed = true;
            frames.clear();
            backlog = 0;
            written = queued;
            drainWaiter = null;
        }
        finished.complete(null);
    }

    private int lowMark() {
        return limit / 4;
    }

    private void writeNext() {
        while (true) {
            String frame;
            synchronized (this) {
                if (writing || closed || frames.isEmpty()) {
                    return;
                }
                Object next = frames.poll();
                if (next == CLOSE) {
                    closed = true;
                    frames.clear();
                    drainWaiter = null;
                    break;
                }
                frame = (String) next;
                writing = true;
                sendingThread = Thread.currentThread();
            }
            try {
                remote.sendText(frame, this::written);
            } catch (RuntimeException failed) {
                written(new SendResult(failed));
            }
            synchronized (this) {
                sendingThread = null;
                if (writing) {
                    return;
                }
            }
        }
        onClose.run();
        finished.complete(null);
    }

    /** The completion of one send; continues with the next unless the sending thread's loop will. */
    private void written(SendResult result) {
        Runnable ready = null;
        boolean continueHere;
        synchronized (this) {
            writing = false;
            backlog = Math.max(0, backlog - 1);
            written = Math.min(queued, written + 1);
            waitingSince = System.currentTimeMillis();
            if (!result.isOK()) {
                closed = true;
                frames.clear();
                backlog = 0;
                written = queued;
                finished.complete(null);
            }
            if (backlog <= lowMark() && drainWaiter != null) {
                ready = drainWaiter;
                drainWaiter = null;
            }
            continueHere = sendingThread != Thread.currentThread();
        }
        if (ready != null) {
            ready.run();
        }
        if (continueHere) {
            writeNext();
        }
    }
}
