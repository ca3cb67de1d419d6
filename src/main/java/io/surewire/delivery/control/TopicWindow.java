package io.surewire.delivery.control;

import io.surewire.stream.entity.StreamEvent;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where one connection stands in one topic. Seqs up to {@code lastSent} have been sent, those up to
 * {@code acked} acknowledged; {@code next} is the seq to send next, below {@code lastSent} while a
 * retry or resync resends; {@code target} is the highest seq known to be committed.
 */
final class TopicWindow {

    /** A replay whose end the client is told of with a {@code replayed} frame. */
    record Replay(long fromSeq, long toSeq, String requestId) {
    }

    final String topic;
    long epoch;
    long next;
    long lastSent;
    long target;
    long acked;
    long lastAckRequired;
    long resendUpTo;
    int resendRedelivery;
    int retries;
    long deadline;
    /**
     * The channel's queue position ({@link Channel#queued()}) of the frame the deadline waits an ack
     * for: until the channel has written that far, the frame is still in this server's queue.
     */
    long awaitedFrame;
    /**
     * The replays under way, oldest first: a subscribe's, and the resyncs that arrived during it. Room
     * for one at first (it grows): one window per connection and topic is held for as long as the
     * subscription lasts.
     */
    final Deque<Replay> replays = new ArrayDeque<>(1);
    boolean waitingForRoom;
    /** A replay or resend stopped because as many events as allowed await the client's ack. */
    boolean waitingForAck;
    /**
     * The ack latency probe: one event at a time ({@code probeSeq}, 0 when none) whose first send
     * ({@code probeSentAt}, epoch millis) is timed until an ack covers it.
     */
    long probeSeq;
    long probeSentAt;
    /** The latency the last ack measured, in millis, until taken; -1 when none. */
    long ackLatency = -1;

    TopicWindow(String topic) {
        this.topic = topic;
    }

    /** Starts the window after {@code seq}: sent, acknowledged and known up to it. */
    void positionAt(long epoch, long seq, long target) {
        this.epoch = epoch;
        this.next = seq + 1;
        this.lastSent = seq;
        this.acked = seq;
        this.lastAckRequired = seq;
        this.target = Math.max(seq, target);
        this.resendUpTo = 0;
        this.retries = 0;
        this.deadline = 0;
        this.waitingForAck = false;
        this.replays.clear();
        this.probeSeq = 0;
    }

    boolean awaitingAck() {
        return lastAckRequired > acked;
    }

    boolean hasMoreToSend() {
        return next <= target;
    }

    /** Has something to send and waits neither for room in the queue nor for the client's acks: a send left unfinished. */
    boolean readyToSend() {
        return hasMoreToSend() && !waitingForRoom && !waitingForAck;
    }

    /** What this pass sent past the client's last ack, while an ack is awaited; 0 otherwise. */
    long unacknowledged() {
        return awaitingAck() ? Math.max(0, next - 1 - acked) : 0;
    }

    /** The {@code redelivery} of the frame for {@code seq}: 0 the first time, n on the n-th resend. */
    int redeliveryOf(long seq) {
        return seq <= resendUpTo ? resendRedelivery : 0;
    }

    /**
     * Records that the event went out as the frame at queue position {@code frame}; starts the ack
     * deadline when it is the first one awaited.
     */
    void sent(StreamEvent event, long frame, long now, long ackTimeoutMs) {
        if (event.requiresAck() && probeSeq == 0 && event.seq() > lastSent) {
            probeSeq = event.seq();
            probeSentAt = now;
        }
        if (event.requiresAck() && event.seq() > lastAckRequired) {
            if (!awaitingAck()) {
                deadline = now + ackTimeoutMs;
                awaitedFrame = frame;
            }
            lastAckRequired = event.seq();
        }
        lastSent = Math.max(lastSent, event.seq());
        next = event.seq() + 1;
    }

    /** Sends again from {@code fromSeq} what was already sent, with the given {@code redelivery}. */
    void rewind(long fromSeq, int redelivery) {
        next = Math.min(next, Math.max(fromSeq, 1));
        resendUpTo = lastSent;
        resendRedelivery = redelivery;
    }

    /**
     * Takes a cumulative ack of {@code seq} (at most {@code lastSent}); returns whether it moved the
     * window. Progress restarts the deadline of what is still awaited; the retry count starts over
     * only once everything that was resent is acknowledged, so no event is resent more than
     * {@code max_retries} times and each resend carries its true {@code redelivery}.
     */
    boolean ack(long seq, long now, long ackTimeoutMs) {
        if (seq <= acked) {
            return false;
        }
        acked = seq;
        if (probeSeq != 0 && seq >= probeSeq) {
            ackLatency = now - probeSentAt;
            probeSeq = 0;
        }
        next = Math.max(next, seq + 1);
        if (seq >= resendUpTo) {
            retries = 0;
        }
        deadline = awaitingAck() ? now + ackTimeoutMs : 0;
        return true;
    }

    /** The ack latency the last ack measured (millis), once; -1 when it measured none. */
    long takeAckLatency() {
        long latency = ackLatency;
        ackLatency = -1;
        return latency;
    }

    /** Takes a replay that is complete (everything up to its end went out), or {@code null} when none is. */
    Replay completedReplay() {
        for (var it = replays.iterator(); it.hasNext(); ) {
            Replay replay = it.next();
            if (next > replay.toSeq()) {
                it.remove();
                return replay;
            }
        }
        return null;
    }

    /** The request of the oldest replay under way, or {@code null}. */
    String replayRequestId() {
        Replay oldest = replays.peekFirst();
        return oldest == null ? null : oldest.requestId();
    }
}
