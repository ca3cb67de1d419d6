package io.surewire.gateway.control;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The frames waiting to be written to one connection, handed to the WebSocket container with
 * asynchronous sends, at most {@code inFlight} at a time and in order: no thread ever waits on a slow
 * client. Frames the container holds together leave in one write to the socket (Undertow gathers
 * what is pending into one system call), so a replay is not written a frame per call. The backlog
 * counts queued frames and those being written; live events respect {@code limit}, answers and paced
 * replays do not.
 */
public final class OutboundQueue {

    private final RemoteEndpoint.Async remote;
    private final int limit;
    private final int inFlightLimit;
    private final Runnable onClose;
    /** Room for a few frames at first (it grows): an idle connection's queue is empty. */
    private final ArrayDeque<Object> frames = new ArrayDeque<>(4);
    /** The one wake-up waiting for the backlog to drain, or {@code null}. */
    private Runnable drainWaiter;
    private int backlog;
    private long queued;
    private long written;
    /** Frames handed to the container whose send has not completed. */
    private int inFlight;
    /** Whether a thread is handing frames to the container ({@link #writeNext}): one at a time. */
    private boolean sending;
    private boolean closed;
    private long waitingSince;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    /** A mark in the queue: when every frame before it is written, {@code onClose} runs. */
    private static final Object CLOSE = new Object();

    public OutboundQueue(RemoteEndpoint.Async remote, int limit, int inFlight, Runnable onClose) {
        if (inFlight < 1) {
            throw new IllegalArgumentException("at least one frame must be allowed in flight, not " + inFlight);
        }
        this.remote = remote;
        this.limit = limit;
        this.inFlightLimit = inFlight;
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

    /**
     * Hands the queued frames to the container, in order, while fewer than {@code inFlight} are being
     * written; one thread at a time does it, and a completion that arrives meanwhile leaves the rest to
     * that thread, which looks again before it stops. The close mark waits for every frame before it.
     */
    private void writeNext() {
        synchronized (this) {
            if (sending) {
                return;
            }
            sending = true;
        }
        boolean closeNow = false;
        boolean stopped = false;
        try {
            while (true) {
                String frame;
                synchronized (this) {
                    Object next = frames.peek();
                    if (closed || next == null || inFlight >= inFlightLimit || next == CLOSE && inFlight > 0) {
                        sending = false;
                        stopped = true;
                        break;
                    }
                    frames.poll();
                    if (next == CLOSE) {
                        closed = true;
                        frames.clear();
                        drainWaiter = null;
                        sending = false;
                        stopped = true;
                        closeNow = true;
                        break;
                    }
                    frame = (String) next;
                    inFlight++;
                }
                try {
                    remote.sendText(frame, this::written);
                } catch (RuntimeException failed) {
                    written(new SendResult(failed));
                }
            }
        } finally {
            if (!stopped) {
                synchronized (this) {
                    sending = false;
                }
            }
        }
        if (closeNow) {
            onClose.run();
            finished.complete(null);
        }
    }

    /** The completion of one send; the next frames go on from here unless a thread is handing them over. */
    private void written(SendResult result) {
        Runnable ready = null;
        synchronized (this) {
            inFlight = Math.max(0, inFlight - 1);
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
        }
        if (ready != null) {
            ready.run();
        }
        writeNext();
    }
}
