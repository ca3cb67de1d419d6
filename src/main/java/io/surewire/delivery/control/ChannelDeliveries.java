package io.surewire.delivery.control;

import io.surewire.delivery.entity.Cursor;
import io.surewire.protocol.ClientFrame;
import io.surewire.protocol.CloseCode;
import io.surewire.protocol.ErrorCode;
import io.surewire.protocol.ServerFrames;
import io.surewire.protocol.ServerFrames.ResetReason;
import io.surewire.stream.entity.StreamEvent;
import io.surewire.stream.entity.TopicHead;
import io.surewire.stream.entity.TopicState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The deliveries of one channel, topic by topic: subscribe and replay, live events in seq order,
 * cumulative acks, retries with growing {@code redelivery}, resync and reset. Every method runs in
 * the channel's own serial executor ({@link Channel#execute}), so the windows need no lock.
 */
public final class ChannelDeliveries {

    /**
     * Where a channel enters the time by which the retry tick must run {@link #retryDue(Function)} for it,
     * so that a tick takes only the channels that are due instead of asking every one.
     */
    @FunctionalInterface
    public interface RetrySchedule {

        /** {@code deliveries} is due at {@code due} (epoch millis), unless it is entered for sooner. */
        void at(long due, ChannelDeliveries deliveries);
    }

    private final Channel channel;
    private final EventSource source;
    private final DeliveryListener listener;
    private final DeliverySettings settings;
    private final LongSupplier clock;
    private final RetrySchedule schedule;
    private final Map<String, TopicWindow> windows = new ConcurrentHashMap<>();
    /** Whether a wake-up is pending for when the outbound queue has room again: at most one at a time. */
    private boolean wakeUpPending;
    /**
     * No retry tick is needed before this time (epoch millis): no deadline falls earlier and nothing
     * waits to be sent. Lowered as deadlines are set, recomputed by {@link #retryDue(Function)};
     * written by the channel's executor, read by the ticker. Every time it is set it is entered in the
     * {@link RetrySchedule} too.
     */
    private volatile long dueAt = Long.MAX_VALUE;

    public ChannelDeliveries(Channel channel, EventSource source, DeliveryListener listener,
                             DeliverySettings settings, LongSupplier clock, RetrySchedule schedule) {
        this.channel = channel;
        this.source = source;
        this.listener = listener;
        this.settings = settings;
        this.clock = clock;
        this.schedule = schedule;
    }

    public Channel channel() {
        return channel;
    }

    /** The subscribed topics; safe to read from any thread. */
    public Set<String> topics() {
        return Set.copyOf(windows.keySet());
    }

    /**
     * Whether {@link #retryDue(Function)} has something to do at {@code now}: a deadline passed, or a
     * send left unfinished. Safe to ask from any thread.
     */
    public boolean due(long now) {
        return now >= dueAt;
    }

    /** Makes the next retry tick run {@link #retryDue(Function)}: a task of this channel failed half-way. */
    public void retrySoon() {
        dueAt = 0;
        schedule.at(0, this);
    }

    /** How many events of {@code topic} are known committed but not yet acknowledged; from any thread. */
    public long lag(String topic) {
        TopicWindow window = windows.get(topic);
        return window == null ? 0 : Math.max(0, window.target - window.acked);
    }

    /**
     * Answers {@code subscribed}, then positions the window: after {@code since} when given, else after
     * the client's durable cursor, else at the topic's end. A position the log cannot serve gets a
     * {@code reset} instead of a replay.
     */
    public void subscribe(ClientFrame.Subscribe subscribe, TopicState state, Cursor cursor) {
        channel.send(ServerFrames.subscribed(subscribe.topic(), state.epoch(), state.lastSeq(), subscribe.requestId()));
        TopicWindow window = new TopicWindow(subscribe.topic());
        windows.put(subscribe.topic(), window);
        long start;
        if (subscribe.since() != null) {
            start = subscribe.since();
        } else if (cursor != null && cursor.epoch() == state.epoch()) {
            start = cursor.seq();
        } else if (cursor != null) {
            reset(window, state, ResetReason.EPOCH, subscribe.requestId());
            return;
        } else {
            window.positionAt(state.epoch(), state.lastSeq(), state.lastSeq());
            return;
        }
        boolean otherEpoch = subscribe.epoch() != null && subscribe.epoch() != 0 && subscribe.epoch() != state.epoch();
        Optional<ResetReason> unserved = otherEpoch ? Optional.of(ResetReason.EPOCH) : state.resetFor(start);
        if (unserved.isPresent()) {
            reset(window, state, unserved.get(), subscribe.requestId());
        } else {
            window.positionAt(state.epoch(), start, state.lastSeq());
            window.replays.add(new TopicWindow.Replay(start + 1, state.lastSeq(), subscribe.requestId()));
            pump(window);
        }
    }

    /** Returns whether the topic was subscribed. */
    public boolean unsubscribe(ClientFrame.Unsubscribe unsubscribe) {
        if (windows.remove(unsubscribe.topic()) == null) {
            notSubscribed(unsubscribe.topic(), unsubscribe.requestId());
            return false;
        }
        return true;
    }

    public void ack(ClientFrame.Ack ack) {
        TopicWindow window = windows.get(ack.topic());
        if (window == null) {
            notSubscribed(ack.topic(), null);
        } else if (ack.seq() > window.lastSent) {
            channel.send(ServerFrames.error(ErrorCode.BAD_FRAME, "ack of seq " + ack.seq() + " of " + ack.topic()
                    + " is beyond the last seq sent on this connection (" + window.lastSent + ")", null));
        } else if (window.ack(ack.seq(), clock.getAsLong(), settings.ackTimeoutMs())) {
            // the timer of what is still awaited starts over, from the frames queued by now
            window.awaitedFrame = channel.queued();
            listener.acknowledged(channel.clientId(), ack.topic(), window.epoch, ack.seq());
            long latency = window.takeAckLatency();
            if (latency >= 0) {
                listener.ackLatency(latency);
            }
            if (window.waitingForAck && window.unacknowledged() <= settings.maxUnacked() / 2) {
                // half the allowance free again: a page at a time, not a read of the log per ack
                pumpLater(window);
            }
        }
    }

    /**
     * {@link #pump} in a task of the channel's own, after the one running: an ack is taken on the
     * thread that received it, a network thread that serves many connections and must not wait for a
     * read of the log. A read that fails is retried by the next retry tick.
     */
    private void pumpLater(TopicWindow window) {
        window.waitingForAck = false;
        channel.execute(() -> {
            try {
                pump(window);
            } catch (RuntimeException failed) {
                retrySoon();
                throw failed;
            }
        });
    }

    /**
     * Sends again every event from {@code from_seq} up to the last one sent, then {@code replayed}. A
     * replay still under way (a subscribe's) completes too, each with its own {@code replayed}.
     */
    public void resync(ClientFrame.Resync resync, TopicState state) {
        TopicWindow window = windows.get(resync.topic());
        if (window == null) {
            notSubscribed(resync.topic(), resync.requestId());
        } else if (resync.fromSeq() < state.firstAvailableSeq() && resync.fromSeq() <= state.lastSeq()) {
            reset(window, state, ResetReason.RETENTION, resync.requestId());
        } else if (resync.fromSeq() > window.lastSent) {
            // nothing sent from there yet: nothing to send again; what comes next comes in order anyway
            channel.send(ServerFrames.replayed(resync.topic(), resync.fromSeq(), resync.fromSeq() - 1, resync.requestId()));
        } else {
            window.replays.add(new TopicWindow.Replay(resync.fromSeq(), window.lastSent, resync.requestId()));
            window.rewind(resync.fromSeq(), window.retries);
            pump(window);
        }
    }

    /** A committed event of a topic this channel may be subscribed to. */
    public void live(StreamEvent event) {
        live(event, null);
    }

    /**
     * A committed event, with its {@code event} frame for a first send already encoded
     * ({@code firstSend}, or {@code null}): one encoding serves every subscriber.
     */
    public void live(StreamEvent event, String firstSend) {
        live(event, firstSend, 0);
    }

    /**
     * A committed event that delivery was told of at {@code announcedNanos} ({@link System#nanoTime()},
     * or 0 when unknown), with its {@code event} frame for a first send already encoded
     * ({@code firstSend}, or {@code null}): one encoding serves every subscriber.
     */
    public void live(StreamEvent event, String firstSend, long announcedNanos) {
        TopicWindow window = windows.get(event.topic());
        if (window == null || !follow(window, event.epoch())) {
            return;
        }
        window.target = Math.max(window.target, event.seq());
        if (channel.backlog() >= settings.queueLimit()) {
            channel.close(CloseCode.TOO_MANY, "outbound queue overflow: the client reads too slowly");
            return;
        }
        if (event.seq() == window.next) {
            int redelivery = window.redeliveryOf(event.seq());
            String frame = redelivery == 0 && firstSend != null ? firstSend : EventFrames.event(event, redelivery);
            if (!channel.offerLive(frame)) {
                channel.close(CloseCode.TOO_MANY, "outbound queue overflow: the client reads too slowly");
                return;
            }
            sent(window, event);
            listener.sent(event, redelivery, true);
            if (announcedNanos != 0 && redelivery == 0) {
                listener.queuedLive(event, announcedNanos);
            }
            finishReplay(window);
        } else if (event.seq() > window.next) {
            pump(window);
        }
    }

    /**
     * {@link #live(StreamEvent, String, long)} when it reads nothing of the log: the event is the next
     * one the connection waits for, one it has already, or of no concern to it. Returns {@code false},
     * having done nothing, when it would read (a gap to fill first, or a new life of the topic): the
     * caller then gives it to {@code live} on a delivery thread. For a thread that must not read, as
     * the one that committed the event.
     */
    public boolean liveAtOnce(StreamEvent event, String firstSend, long announcedNanos) {
        TopicWindow window = windows.get(event.topic());
        boolean readsNothing = window == null || event.epoch() < window.epoch
                || (event.epoch() == window.epoch || window.epoch == 0) && event.seq() <= window.next;
        if (readsNothing) {
            live(event, firstSend, announcedNanos);
        }
        return readsNothing;
    }

    /** {@link #retryDue(Function)} knowing no more of the topics' heads than the live events told. */
    public void retryDue() {
        retryDue(topic -> null);
    }

    /**
     * Catches up with each topic's head as last read from the log ({@code heads}, {@code null} for a
     * topic not read), so that an event committed without a live notification (a transaction that
     * recovery committed, an observer that failed) is sent without waiting for the topic's next
     * commit. Then resends, in order and with {@code redelivery} one higher, what is unacknowledged
     * past its deadline; once {@code max_retries} resends went unanswered, records the failure and
     * closes the connection with 4408. Also resumes a replay a failed read left behind.
     */
    public void retryDue(Function<String, TopicHead> heads) {
        long now = clock.getAsLong();
        for (TopicWindow window : windows.values()) {
            TopicHead head = heads.apply(window.topic);
            if (head != null && (head.epoch() != window.epoch || head.lastSeq() > window.target)
                    && follow(window, head.epoch())) {
                window.target = Math.max(window.target, head.lastSeq());
            }
            if (window.deadline != 0 && now >= window.deadline) {
                if (stillQueuedHere(window, now)) {
                    window.deadline = now + settings.ackTimeoutMs();
                    continue;
                }
                if (window.retries >= settings.maxRetries()) {
                    giveUp(window);
                    return;
                }
                window.retries++;
                window.deadline = now + settings.ackTimeoutMs();
                window.awaitedFrame = channel.queued() + 1;
                window.rewind(window.acked + 1, window.retries);
                pump(window);
            } else if (window.readyToSend()) {
                pump(window);
            }
        }
        long next = Long.MAX_VALUE;
        for (TopicWindow window : windows.values()) {
            if (window.readyToSend()) {
                next = now;
            } else if (window.deadline != 0) {
                next = Math.min(next, window.deadline);
            }
        }
        dueAt = next;
        if (next != Long.MAX_VALUE) {
            schedule.at(next, this);
        }
    }

    /**
     * Whether the frame the window's deadline waits for is still in this server's own outbound queue,
     * and that queue is moving: then the server is behind, not the client, and the ack timer starts
     * over instead of counting a retry (an ack timer runs from the write, and retries back off while
     * the server's queues drain). A queue that writes nothing for an ack timeout is a client that
     * reads nothing, and its retries count.
     */
    private boolean stillQueuedHere(TopicWindow window, long now) {
        return channel.written() < window.awaitedFrame && channel.stalledMillis(now) < settings.ackTimeoutMs();
    }

    /** Records a send and lowers the time the retry tick must look at this channel again. */
    private void sent(TopicWindow window, StreamEvent event) {
        window.sent(event, channel.queued(), clock.getAsLong(), settings.ackTimeoutMs());
        if (window.deadline != 0 && window.deadline < dueAt) {
            dueAt = window.deadline;
            schedule.at(dueAt, this);
        }
    }

    /**
     * Brings the window into the life ({@code epoch}) of the topic that an event or a head belongs
     * to; {@code false} when it belongs to an older life (the client was already reset past it) or
     * the window was just reset into the new one.
     */
    private boolean follow(TopicWindow window, long epoch) {
        if (window.epoch == epoch) {
            return true;
        }
        if (epoch < window.epoch) {
            return false;
        }
        if (window.epoch != 0) {
            reset(window, source.state(window.topic), ResetReason.EPOCH, null);
            return false;
        }
        window.epoch = epoch;
        return true;
    }

    /**
     * Records the failure and closes: with 4429 when frames still wait in the queue (the client did
     * not even read what was sent: a slow consumer), with 4408 when it read them and did not ack.
     */
    private void giveUp(TopicWindow window) {
        int waiting = channel.backlog();
        boolean unread = waiting > 0;
        try {
            listener.failed(channel.clientId(), window.topic, window.acked + 1, window.lastSent, unread
                    ? "the client reads too slowly: " + waiting + " frames still queued after " + window.retries + " retries"
                    : "no ack within " + settings.ackTimeoutMs() + " ms after " + window.retries + " retries");
        } finally {
            if (unread) {
                channel.close(CloseCode.TOO_MANY, "outbound queue stalled: the client reads too slowly");
            } else {
                channel.close(CloseCode.TIMEOUT, "ack timeout");
            }
        }
    }

    /**
     * Sends what the window has to send, page by page from the log, as long as the queue has room and
     * no more than {@code maxUnacked} events await the client's ack: a replay goes at the pace the
     * client acknowledges, so that the server never runs far ahead of it into the sockets' buffers,
     * where an ack timer would run out for a client that is only behind.
     */
    private void pump(TopicWindow window) {
        window.waitingForRoom = false;
        window.waitingForAck = false;
        while (window.hasMoreToSend() && windows.get(window.topic) == window && channel.isOpen()) {
            if (channel.backlog() >= settings.replayHighWater()) {
                window.waitingForRoom = true;
                wakeUpWhenDrained();
                finishReplay(window);
                return;
            }
            long ackRoom = settings.maxUnacked() - window.unacknowledged();
            if (ackRoom <= 0) {
                // an ack, or the ack deadline's retry, continues
                window.waitingForAck = true;
                finishReplay(window);
                return;
            }
            int room = (int) Math.min(Math.min(settings.pageSize(), settings.replayHighWater() - channel.backlog()), ackRoom);
            long upTo = Math.min(window.target, window.next - 1 + room);
            List<StreamEvent> page = source.read(window.topic, window.epoch, window.next - 1, upTo, room);
            for (StreamEvent event : page) {
                if (event.seq() != window.next) {
                    break;
                }
                int redelivery = window.redeliveryOf(event.seq());
                channel.send(redelivery == 0 ? source.firstSend(event) : EventFrames.event(event, redelivery));
                sent(window, event);
                listener.sent(event, redelivery, false);
            }
            if (window.next <= upTo) {
                // the log no longer holds the next seq: retention removed it while the client was behind
                reset(window, source.state(window.topic), ResetReason.RETENTION, window.replayRequestId());
                return;
            }
        }
        finishReplay(window);
    }

    /** One wake-up for all the windows waiting for room, however many live events asked for one. */
    private void wakeUpWhenDrained() {
        if (!wakeUpPending) {
            wakeUpPending = true;
            channel.whenDrained(this::drained);
        }
    }

    private void drained() {
        wakeUpPending = false;
        for (TopicWindow window : windows.values()) {
            if (window.waitingForRoom) {
                pump(window);
            }
        }
    }

    /** Tells the client of every replay that went out completely, in the order they complete. */
    private void finishReplay(TopicWindow window) {
        for (TopicWindow.Replay replay = window.completedReplay(); replay != null; replay = window.completedReplay()) {
            channel.send(ServerFrames.replayed(window.topic, replay.fromSeq(), replay.toSeq(), replay.requestId()));
        }
    }

    /**
     * Tells the client to reload and continue after the topic's last seq, and moves its durable
     * cursor there, so that a client that comes back without {@code since} is not reset again.
     */
    private void reset(TopicWindow window, TopicState state, ResetReason reason, String requestId) {
        channel.send(ServerFrames.reset(window.topic, state.epoch(), state.lastSeq(), state.firstAvailableSeq(),
                reason, requestId));
        window.positionAt(state.epoch(), state.lastSeq(), state.lastSeq());
        if (state.exists()) {
            listener.repositioned(channel.clientId(), window.topic, state.epoch(), state.lastSeq());
        }
    }

    private void notSubscribed(String topic, String requestId) {
        channel.send(ServerFrames.error(ErrorCode.NOT_SUBSCRIBED, "not subscribed to " + topic, requestId));
    }
}
