package io.surewire.it;

import io.surewire.client.SubscriberRecord;
import io.surewire.client.WireFrame;
import io.surewire.client.WireLog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges the raw frames of each connection (a {@link WireLog}), topic by topic, against PROTOCOL §3–§4:
 * on one connection the events of a topic come in increasing seq order, each the next one. The
 * only events that are not the next one are those the protocol or the client explains:
 * <ul>
 * <li>after {@code subscribed} with {@code since}: since + 1; after {@code reset}: last_seq + 1; after
 * {@code subscribed} without {@code since}: at most last_seq + 1 (the durable cursor's next, or the
 * topic's end), and exactly where the {@code replayed} of that subscribe says the replay began;</li>
 * <li>a retry ({@code redelivery} &gt; 0) restarting right after the oldest unacknowledged seq: right
 * after the stream's start or after an {@code ack} the client sent on this connection;</li>
 * <li>a replay restarting at the {@code from_seq} of a {@code resync} the client sent on this connection
 * that the server has not yet answered with {@code replayed} (or {@code reset});</li>
 * <li>while resending, a jump forward to right after an {@code ack} the client sent (what it
 * acknowledged is not resent).</li>
 * </ul>
 * Anything else is the server's: a skipped seq ({@link Kind#GAP}), a seq going back
 * ({@link Kind#BACKWARDS}, counted once for the run of resends it starts), a seq sent again in its
 * place but with {@code redelivery} 0 and no resync asking for it ({@link Kind#RESENT_AS_FIRST}), a
 * first send marked as a redelivery, an epoch changing without a reset, an event of a topic not
 * subscribed on the connection, or a {@code replayed} that does not match what was sent. A {@code resync} the client sent is server-caused when its {@code from_seq}
 * is a seq the server skipped on that connection; otherwise its cause lies elsewhere (a reset that
 * moved the stream forward, or the client's own bookkeeping).
 */
public final class OrderCheck {

    /** What went wrong with a frame. */
    public enum Kind {
        /** Seqs skipped: the event is beyond the next one and no ack explains the jump. */
        GAP,
        /** The seq went back and neither a retry nor a resync explains it. */
        BACKWARDS,
        /** A seq already sent on the connection was sent again as a first send (redelivery 0) without a resync. */
        RESENT_AS_FIRST,
        /** A seq never sent on the connection came with redelivery &gt; 0. */
        REDELIVERY_ON_FIRST_SEND,
        /** The epoch of the events changed without a reset. */
        EPOCH,
        /** An event of a topic that was not subscribed on the connection. */
        NOT_SUBSCRIBED,
        /** A {@code replayed} that does not match the events sent before it. */
        REPLAY;

        /** Whether this kind is an event out of order (as opposed to a gap or another mismatch). */
        public boolean outOfOrder() {
            return this == BACKWARDS || this == RESENT_AS_FIRST;
        }
    }

    /** One frame the server should not have sent: on which connection, topic and frame, and why. */
    public record Violation(Kind kind, String connection, String topic, int frame, String what) {

        @Override
        public String toString() {
            return kind + " on " + connection + " " + topic + " at frame " + frame + ": " + what;
        }
    }

    /** What the frames came to. {@code violations} is empty when every event came in its place. */
    public record Verdict(int connections, long events, long redeliveries, long resyncs, long serverCausedResyncs,
                          List<Violation> violations) {

        public Verdict {
            violations = List.copyOf(violations);
        }

        public boolean holds() {
            return violations.isEmpty();
        }

        /** Events that went back, or came again as a first send: out of order. */
        public long outOfOrderFrames() {
            return violations.stream().filter(v -> v.kind().outOfOrder()).count();
        }

        /** Events that skipped seqs the server had not sent on that connection. */
        public long serverCausedGaps() {
            return count(Kind.GAP);
        }

        /** Violations that are neither out of order nor a gap (labels, epochs, replayed frames). */
        public long otherViolations() {
            return violations.size() - outOfOrderFrames() - serverCausedGaps();
        }

        /** Resyncs the client sent for a seq the server had not skipped on that connection. */
        public long resyncsOfOtherCause() {
            return resyncs - serverCausedResyncs;
        }

        public long count(Kind kind) {
            return violations.stream().filter(v -> v.kind() == kind).count();
        }

        @Override
        public String toString() {
            return connections + " connections, " + events + " events (" + redeliveries + " redelivered), "
                    + outOfOrderFrames() + " out of order, " + serverCausedGaps() + " server-caused gaps, "
                    + otherViolations() + " other violations, " + resyncs + " resyncs (" + serverCausedResyncs
                    + " server-caused)" + (violations.isEmpty() ? ""
                    : "; first violations: " + violations.subList(0, Math.min(10, violations.size())));
        }
    }

    private OrderCheck() {
    }

    /** Judges every connection of every subscriber. */
    public static Verdict judge(Collection<? extends SubscriberRecord> subscribers) {
        List<WireLog.Connection> connections = new ArrayList<>();
        subscribers.forEach(subscriber -> connections.addAll(subscriber.wire()));
        return judgeConnections(connections);
    }

    public static Verdict judgeConnections(List<WireLog.Connection> connections) {
        Tally tally = new Tally();
        for (WireLog.Connection connection : connections) {
            Map<String, Stream> streams = new LinkedHashMap<>();
            List<WireFrame> frames = connection.frames();
            for (int i = 0; i < frames.size(); i++) {
                WireFrame frame = frames.get(i);
                streams.computeIfAbsent(frame.topic(), topic -> new Stream(connection.id(), topic, tally))
                        .take(i, frame);
            }
        }
        return new Verdict(connections.size(), tally.events, tally.redeliveries, tally.resyncs,
                tally.serverCausedResyncs, tally.violations);
    }

    /** The figures of all the connections judged. */
    private static final class Tally {
        long events;
        long redeliveries;
        long resyncs;
        long serverCausedResyncs;
        final List<Violation> violations = new ArrayList<>();
    }

    /** A subscribe the client sent, and whether its {@code subscribed} came. */
    private static final class Subscribe {
        final int at;
        final Long since;
        final String requestId;
        boolean answered;

        Subscribe(int at, Long since, String requestId) {
            this.at = at;
            this.since = since;
            this.requestId = requestId;
        }
    }

    /** A resync the client sent that the server has not answered yet. */
    private static final class Resync {
        final int at;
        final long fromSeq;
        final String requestId;
        boolean resent;

        Resync(int at, long fromSeq, String requestId) {
            this.at = at;
            this.fromSeq = fromSeq;
            this.requestId = requestId;
        }
    }

    /** One topic on one connection: where the server must stand, from the frames seen so far. */
    private static final class Stream {

        private final String connection;
        private final String topic;
        private final Tally tally;
        private final List<Subscribe> subscribes = new ArrayList<>();
        private final List<Resync> resyncs = new ArrayList<>();
        private final Map<Long, Integer> acks = new HashMap<>();
        private final List<long[]> skipped = new ArrayList<>();
        private boolean positioned;
        private boolean startUnknown;
        private long startBound;
        private long start;
        private long expected;
        private long lastSent;
        private long epoch;
        private int positionedAt = -1;
        /** Within a run of resends that began with a jump back nothing explains (counted once, at the jump). */
        private boolean unexplained;
        private Subscribe current;
        private long firstAfterSubscribe;

        Stream(String connection, String topic, Tally tally) {
            this.connection = connection;
            this.topic = topic;
            this.tally = tally;
        }

        void take(int at, WireFrame frame) {
            switch (frame.type()) {
                case "subscribe" -> subscribes.add(new Subscribe(at, frame.since(), frame.requestId()));
                case "resync" -> resync(at, frame);
                case "ack" -> acks.put(frame.seq(), at);
                case "subscribed" -> subscribed(at, frame);
                case "reset" -> reset(at, frame);
                case "replayed" -> replayed(at, frame);
                case "event" -> event(at, frame);
                default -> {
                }
            }
        }

        private void resync(int at, WireFrame frame) {
            resyncs.add(new Resync(at, frame.fromSeq(), frame.requestId()));
            tally.resyncs++;
            if (skipped.stream().anyMatch(range -> range[0] <= frame.fromSeq() && frame.fromSeq() <= range[1])) {
                tally.serverCausedResyncs++;
            }
        }

        private void subscribed(int at, WireFrame frame) {
            Subscribe subscribe = subscribes.stream()
                    .filter(s -> !s.answered && frame.requestId() != null && frame.requestId().equals(s.requestId))
                    .findFirst()
                    .or(() -> subscribes.stream().filter(s -> !s.answered).findFirst())
                    .orElse(null);
            positioned = true;
            epoch = frame.epoch();
            current = subscribe;
            firstAfterSubscribe = 0;
            if (subscribe != null) {
                subscribe.answered = true;
            }
            // the server handled the subscribe before anything the client sent after it
            positionedAt = subscribe == null ? at : subscribe.at;
            resyncs.removeIf(r -> r.at < positionedAt);
            if (subscribe != null && subscribe.since != null) {
                positionAt(subscribe.since);
            } else {
                startUnknown = true;
                startBound = frame.lastSeq() + 1;
            }
        }

        private void reset(int at, WireFrame frame) {
            positioned = true;
            epoch = frame.epoch();
            positionedAt = at;
            current = null;
            positionAt(frame.lastSeq());
            answered(frame.requestId());
        }

        private void positionAt(long seq) {
            startUnknown = false;
            unexplained = false;
            start = seq;
            expected = seq + 1;
            lastSent = seq;
        }

        private void replayed(int at, WireFrame frame) {
            boolean complete = frame.fromSeq() <= frame.toSeq();
            if (current != null && frame.requestId() != null && frame.requestId().equals(current.requestId)) {
                if (current.since != null && frame.fromSeq() != current.since + 1) {
                    violation(Kind.REPLAY, at, frame + " answers a subscribe since " + current.since);
                } else if (current.since == null && startUnknown) {
                    if (complete) {
                        violation(Kind.REPLAY, at, frame + " but no event of it came");
                    }
                    positionAt(frame.fromSeq() - 1);
                } else if (current.since == null && firstAfterSubscribe != frame.fromSeq() && (complete || firstAfterSubscribe != 0)) {
                    violation(Kind.REPLAY, at, frame + " but the stream after that subscribe began at " + firstAfterSubscribe);
                }
                if (complete && frame.toSeq() > lastSent) {
                    violation(Kind.REPLAY, at, frame + " but only up to " + lastSent + " was sent");
                }
                current = null;
                return;
            }
            Resync resync = resyncs.stream().filter(r -> frame.requestId() != null && frame.requestId().equals(r.requestId))
                    .findFirst().orElse(null);
            if (resync == null) {
                return; // nothing this connection asked for, or already answered: not judged
            }
            if (frame.fromSeq() != resync.fromSeq) {
                violation(Kind.REPLAY, at, frame + " answers a resync from " + resync.fromSeq);
            } else if (complete && !resync.resent) {
                violation(Kind.REPLAY, at, frame + " but seq " + resync.fromSeq + " was not sent again after the resync");
            } else if (complete && frame.toSeq() > lastSent) {
                violation(Kind.REPLAY, at, frame + " but only up to " + lastSent + " was sent");
            }
            answered(frame.requestId());
        }

        /** The resync with this request id is answered, and so is every one sent before it. */
        private void answered(String requestId) {
            if (requestId == null) {
                return;
            }
            resyncs.stream().filter(r -> requestId.equals(r.requestId)).findFirst()
                    .ifPresent(answered -> resyncs.removeIf(r -> r.at <= answered.at));
        }

        private void event(int at, WireFrame event) {
            tally.events++;
            if (event.redelivery() > 0) {
                tally.redeliveries++;
            }
            long seq = event.seq();
            if (!positioned) {
                violation(Kind.NOT_SUBSCRIBED, at, event + " before any subscribed or reset of the topic");
                positioned = true;
                positionAt(seq - 1);
            }
            if (epoch == 0) {
                epoch = event.epoch();
            } else if (event.epoch() != epoch) {
                violation(Kind.EPOCH, at, event + " in epoch " + epoch + " without a reset");
                epoch = event.epoch();
            }
            if (startUnknown) {
                if (seq > startBound) {
                    skip(at, event, startBound, "the first event after a subscribe without since, at most "
                            + startBound + " (last_seq + 1)");
                }
                positionAt(seq - 1);
                firstAfterSubscribe = seq;
            } else if (current != null && firstAfterSubscribe == 0) {
                firstAfterSubscribe = seq;
            }
            boolean resend = seq <= lastSent;
            Resync resync = resyncs.stream().filter(r -> r.fromSeq == seq).findFirst().orElse(null);
            boolean inRun = unexplained;
            if (seq > expected) {
                if (inRun) {
                    // back to where the stream stood: the run that went back was counted when it did
                    if (seq > lastSent + 1) {
                        skip(at, event, lastSent + 1, "after resending up to " + (expected - 1));
                    }
                } else if (!(acknowledged(seq - 1) && seq - 1 <= lastSent)) {
                    skip(at, event, expected, "expected " + expected);
                }
            } else if (seq < expected) {
                if (resync != null) {
                    resyncs.removeIf(r -> r.at < resync.at);
                    inRun = false;
                } else if (event.redelivery() > 0 && (seq - 1 == start || acknowledged(seq - 1))) {
                    inRun = false;
                } else {
                    violation(Kind.BACKWARDS, at, event + ", expected " + expected + "; no retry restarts there"
                            + " (start " + start + ", acks sent " + acksSince() + ") and no resync asked for it");
                    inRun = true;
                }
            }
            if (resync != null) {
                resync.resent = true;
            }
            if (!resend && event.redelivery() != 0) {
                violation(Kind.REDELIVERY_ON_FIRST_SEND, at, event + " is the first send of seq " + seq
                        + " on this connection (up to " + lastSent + " sent)");
            } else if (resend && event.redelivery() == 0 && !inRun
                    && resyncs.stream().noneMatch(r -> r.fromSeq <= seq)) {
                violation(Kind.RESENT_AS_FIRST, at, event + " again (up to " + lastSent
                        + " sent) with redelivery 0 and no resync asking for it");
            }
            unexplained = inRun && resend;
            expected = seq + 1;
            lastSent = Math.max(lastSent, seq);
        }

        /** Whether the client acknowledged {@code seq} on this connection since the stream was positioned. */
        private boolean acknowledged(long seq) {
            Integer at = acks.get(seq);
            return at != null && at > positionedAt;
        }

        /** The last acks sent since the stream was positioned, for the message of a violation. */
        private List<Long> acksSince() {
            List<Long> since = acks.entrySet().stream().filter(ack -> ack.getValue() > positionedAt)
                    .map(Map.Entry::getKey).sorted().toList();
            return since.subList(Math.max(0, since.size() - 10), since.size());
        }

        private void skip(int at, WireFrame event, long from, String what) {
            skipped.add(new long[]{from, event.seq() - 1});
            violation(Kind.GAP, at, event + ", " + what + ": seqs " + from + ".." + (event.seq() - 1) + " skipped");
        }

        private void violation(Kind kind, int at, String what) {
            tally.violations.add(new Violation(kind, connection, topic, at, what));
        }
    }
}
