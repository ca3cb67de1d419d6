package io.surewire.delivery.control;

import io.surewire.protocol.CloseCode;

/**
 * One client connection as delivery sees it. Everything delivery does for a channel runs through
 * {@link #execute}, one task at a time, so the per-topic state of a channel needs no lock.
 */
public interface Channel {

    String clientId();

    String sessionId();

    /** Runs {@code task} after every task given before it, never two of one channel at once. */
    void execute(Runnable task);

    /**
     * {@link #execute}, but on the calling thread at once when no task of the channel runs or waits:
     * for small tasks (an ack, a live event) from a thread that may do delivery work.
     */
    default void executeHere(Runnable task) {
        execute(task);
    }

    /** Queues a frame whatever the backlog: answers, and replays paced by {@link #backlog()}. */
    void send(String frame);

    /** Queues the frame of a live event; {@code false} when the outbound queue is full. */
    boolean offerLive(String frame);

    /** Frames queued and not yet written. */
    int backlog();

    /** How many frames were ever queued: the position in the queue of the frame queued last. */
    long queued();

    /** How many of the frames ever queued are written (or dropped with the connection). */
    long written();

    /** How long queued frames have waited without a single one being written; 0 when none waits. */
    long stalledMillis(long now);

    /** Runs {@code task} through {@link #execute} once the backlog has drained to a low mark. */
    void whenDrained(Runnable task);

    void close(CloseCode code, String reason);

    boolean isOpen();
}
