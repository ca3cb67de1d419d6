package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.WireFrame;
import io.surewire.client.WireLog;
import io.surewire.it.OrderCheck.Kind;
import io.surewire.it.OrderCheck.Verdict;
import jakarta.json.Json;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link OrderCheck} on hand-made frame sequences: what PROTOCOL §3–§4 allows passes, and each way a
 * server could break the order of one connection's stream is caught and named.
 */
class OrderCheckTest {

    private static final String T = "orders/eu";
    private static final String U = "orders/us";
    private static final long EPOCH = 7;

    /** The frames of one connection, as a client would have recorded them. */
    private static final class Wire {
        private final String id;
        private final List<WireFrame> frames = new ArrayList<>();

        Wire(String id) {
            this.id = id;
        }

        Wire subscribe(String topic, Long since, String requestId) {
            frames.add(WireFrame.subscribe(topic, since, requestId));
            return this;
        }

        /** A subscribe with {@code since} answered at once: the topic's last seq is {@code lastSeq}. */
        Wire subscribed(long since, long lastSeq) {
            return subscribe(T, since, "s" + frames.size()).subscribedTo(lastSeq, "s" + (frames.size() - 1));
        }

        Wire subscribedTo(long lastSeq, String requestId) {
            frames.add(WireFrame.subscribed(T, EPOCH, lastSeq, requestId));
            return this;
        }

        Wire events(long from, long to) {
            return events(T, from, to, 0);
        }

        Wire events(String topic, long from, long to, int redelivery) {
            for (long seq = from; seq <= to; seq++) {
                frames.add(WireFrame.event(topic, seq, EPOCH, redelivery));
            }
            return this;
        }

        Wire resent(long from, long to, int redelivery) {
            return events(T, from, to, redelivery);
        }

        Wire ack(long seq) {
            frames.add(WireFrame.ack(T, seq));
            return this;
        }

        Wire resync(long from, String requestId) {
            frames.add(WireFrame.resync(T, from, requestId));
            return this;
        }

        Wire replayed(long from, long to, String requestId) {
            frames.add(WireFrame.replayed(T, from, to, requestId));
            return this;
        }

        Wire reset(long epoch, long lastSeq, String requestId) {
            frames.add(WireFrame.reset(T, epoch, lastSeq, requestId));
            return this;
        }

        Wire frame(WireFrame frame) {
            frames.add(frame);
            return this;
        }

        WireLog.Connection done() {
            return new WireLog.Connection(id, frames);
        }
    }

    private static Wire connection() {
        return new Wire("client-1#1");
    }

    private static Verdict judge(Wire... wires) {
        List<WireLog.Connection> connections = new ArrayList<>();
        for (Wire wire : wires) {
            connections.add(wire.done());
        }
        return OrderCheck.judgeConnections(connections);
    }

    private static void assertOnly(Verdict verdict, Kind kind, long count) {
        assertEquals(count, verdict.count(kind), verdict.toString());
        assertEquals(count, verdict.violations().size(), verdict.toString());
    }

    // ---- what passes

    @Test
    void eventsInOrderAfterSubscribeWithSincePass() {
        Verdict verdict = judge(connection().subscribed(0, 0).events(1, 20).ack(20));
        assertTrue(verdict.holds(), verdict.toString());
        assertEquals(20, verdict.events());
        assertEquals(0, verdict.resyncs());
    }

    @Test
    void theReplayOfASubscribeWithSinceStartsAtSincePlusOneAndEndsWithReplayed() {
        Verdict verdict = judge(connection().subscribe(T, 5L, "s").subscribedTo(9, "s").events(6, 9)
                .replayed(6, 9, "s").events(10, 12));
        assertTrue(verdict.holds(), verdict.toString());
    }

    @Test
    void eachConnectionStartsAfresh() {
        Verdict verdict = judge(connection().subscribed(0, 0).events(1, 8),
                new Wire("client-1#2").subscribed(5, 8).events(6, 12));
        assertTrue(verdict.holds(), verdict.toString());
        assertEquals(2, verdict.connections());
    }

    @Test
    void topicsAreJudgedApartOnOneConnection() {
        Verdict verdict = judge(connection().subscribed(0, 0)
                .subscribe(U, 0L, "u").frame(WireFrame.subscribed(U, EPOCH, 0, "u"))
                .events(1, 3).events(U, 1, 2, 0).events(4, 5).events(U, 3, 3, 0));
        assertTrue(verdict.holds(), verdict.toString());
    }

    @Test
    void aRetryRestartsRightAfterTheLastAckWithGrowingRedelivery() {
        Verdict verdict = judge(connection().subscribed(0, 0).events(1, 10).ack(4)
                .resent(5, 10, 1).resent(5, 10, 2).events(11, 12));
        assertTrue(verdict.holds(), verdict.toString());
        assertEquals(12, verdict.redeliveries());
    }

    @Test
    void aRetryRestartsRightAfterTheStartWhenNothingWasAcknowledged() {
        Verdict verdict = judge(connection().subscribed(3, 10).events(4, 10).resent(4, 10, 1));
        assertTrue(verdict.holds(), verdict.toString());
    }

    @Test
    void anAckDuringARetryLetsTheServerSkipWhatWasAcknowledged() {
        Verdict verdict = judge(connection().subscribed(0, 0).events(1, 10).ack(2)
                .resent(3, 4, 1).ack(10).events(11, 13));
        assertTrue(verdict.holds(), verdict.toString());
    }

    @Test
    void aResyncReplaysFromItsFromSeqThenReplayed() {
        Verdict verdict = judge(connection().subscribed(0, 0).events(1, 10).resync(4, "gap-4")
                .events(11, 12).resent(4, 12, 0).replayed(4, 12, "gap-4").events(13, 14));
        assertTrue(verdict.holds(), verdict.toString());
        assertEquals(1, verdict.resyncs());
        assertEquals(0, verdict.serverCausedResyncs(), "the server skipped nothing here");
    }

    @Test
    void aResyncBeyondWhatWasSentIsAnsweredWithAnEmptyReplayed() {
        Verdict verdict = judge(connection().subscribed(0, 0).events(1, 3).resync(5, "r")
                .replayed(5, 4, "r").events(4, 6));
        assertTrue(verdict.holds(), verdict.toString());
    }

    @Test
    void theFirstEventAfterAResetIsTheNextAfterItsLastSeq() {
        Verdict verdict = judge(connection().subscribe(T, 2L, "s").subscribedTo(50, "s")
                .reset(EPOCH, 50, "s").events(51, 53));
        assertTrue(verdict.holds(), verdict.toString());
    }

    @Test
    void aResetToANewEpochRestartsTheSeqs() {
        Verdict verdict = judge(connection().subscribed(0, 0).events(1, 5).reset(EPOCH + 1, 0, null)
                .frame(WireFrame.event(T, 1, EPOCH + 1, 0)).frame(WireFrame.event(T, 2, EPOCH + 1, 0)));
        assertTrue(verdict.holds(), verdict.toString());
    }

    @Test
    void aSubscribeWithoutSinceStartsWhereItsReplayedSays() {
        Verdict verdict = judge(connection().subscribe(T, null, "s").subscribedTo(9, "s").events(5, 9)
                .replayed(5, 9, "s").events(10, 11).resent(5, 11, 1));
        assertTrue(verdict.holds(), verdict.toString());
    }

    @Test
    void aSubscribeWithoutSinceAndNothingToReplayStartsAfterTheEmptyReplayed() {
        Verdict verdict = judge(connection().subscribe(T, null, "s").subscribedTo(9, "s")
                .replayed(10, 9, "s").events(10, 11));
        assertTrue(verdict.holds(), verdict.toString());
    }

    @Test
    void aSubscribeWithoutSinceOrCursorStartsAtTheTopicsEnd() {
        Verdict verdict = judge(connection().subscribe(T, null, null).subscribedTo(9, null).events(10, 12)
                .resent(10, 12, 1));
        assertTrue(verdict.holds(), verdict.toString());
    }

    @Test
    void eventsOfAnOldWindowBeforeTheAnswerToASecondSubscribeStillCount() {
        Verdict verdict = judge(connection().subscribed(0, 0).events(1, 3).subscribe(T, 2L, "again")
                .events(4, 5).subscribedTo(5, "again").events(3, 5).replayed(3, 5, "again"));
        assertTrue(verdict.holds(), verdict.toString());
    }

    // ---- what fails

    @Test
    void aSkippedSeqIsAServerCausedGap() {
        Verdict verdict = judge(connection().subscribed(0, 0).events(1, 4).events(6, 8));
        assertOnly(verdict, Kind.GAP, 1);
        assertEquals(1, verdict.serverCausedGaps());
        assertEquals(0, verdict.outOfOrderFrames());
        assertTrue(verdict.violations().get(0).what().contains("5..5"), verdict.toString());
    }

    @Test
    void theFirstEventAfterSubscribeWithSinceMustBeSincePlusOne() {
        assertOnly(judge(connection().subscribed(5, 9).events(7, 9)), Kind.GAP, 1);
        assertOnly(judge(connection().subscribed(5, 9).events(5, 9)), Kind.BACKWARDS, 1);
    }

    @Test
    void theFirstEventAfterAResetMustBeTheNextAfterItsLastSeq() {
        assertOnly(judge(connection().subscribed(0, 0).events(1, 3).reset(EPOCH, 20, null).events(22, 23)),
                Kind.GAP, 1);
        assertOnly(judge(connection().subscribed(0, 0).events(1, 3).reset(EPOCH, 20, null).events(4, 5)),
                Kind.BACKWARDS, 1);
    }

    @Test
    void aFirstEventBeyondTheTopicsEndAfterASubscribeWithoutSinceIsAGap() {
        assertOnly(judge(connection().subscribe(T, null, null).subscribedTo(9, null).events(11, 12)), Kind.GAP, 1);
    }

    @Test
    void aSubscribeWithoutSinceWhoseReplayedDisagreesWithWhereTheStreamBeganFails() {
        assertOnly(judge(connection().subscribe(T, null, "s").subscribedTo(9, "s").events(5, 9)
                .replayed(4, 9, "s")), Kind.REPLAY, 1);
    }

    @Test
    void aSeqGoingBackwardsWithoutARetryOrResyncFails() {
        Verdict verdict = judge(connection().subscribed(0, 0).events(1, 6).events(4, 8));
        assertOnly(verdict, Kind.BACKWARDS, 1);
        assertEquals(1, verdict.outOfOrderFrames());
    }

    @Test
    void twoEventsSwappedAreOneBackwardsAndOneGap() {
        Verdict verdict = judge(connection().subscribed(0, 0).events(1, 3).events(5, 5).events(4, 4).events(6, 6));
        assertEquals(1, verdict.serverCausedGaps(), verdict.toString());
        assertEquals(1, verdict.outOfOrderFrames(), verdict.toString());
    }

    @Test
    void aDuplicateFirstSendFails() {
        Verdict verdict = judge(connection().subscribed(0, 0).events(1, 5).events(5, 6));
        assertEquals(1, verdict.outOfOrderFrames(), verdict.toString());
        assertEquals(0, verdict.serverCausedGaps(), verdict.toString());
    }

    @Test
    void aResendMarkedAsAFirstSendFailsEvenInPlace() {
        // a retry restart at the right place, but with redelivery 0: the client cannot tell it from a first send
        assertOnly(judge(connection().subscribed(0, 0).events(1, 6).ack(3).resent(4, 6, 0)), Kind.BACKWARDS, 1);
    }

    @Test
    void aRetryThatDoesNotRestartRightAfterAnAckFails() {
        assertOnly(judge(connection().subscribed(0, 0).events(1, 10).ack(4).resent(7, 10, 1)), Kind.BACKWARDS, 1);
    }

    @Test
    void anAckSentBeforeTheStreamWasPositionedExplainsNoRetry() {
        assertOnly(judge(connection().subscribed(0, 0).events(1, 4).ack(2).reset(EPOCH, 4, null)
                .events(5, 6).resent(3, 6, 1)), Kind.BACKWARDS, 1);
    }

    @Test
    void aForwardJumpPastWhatWasNeverSentIsAGapEvenAfterAnAck() {
        assertOnly(judge(connection().subscribed(0, 0).events(1, 5).ack(5).events(7, 8)), Kind.GAP, 1);
    }

    @Test
    void aReplayRestartingWhereNoResyncAskedFails() {
        assertOnly(judge(connection().subscribed(0, 0).events(1, 10).resync(4, "r").resent(3, 10, 0)),
                Kind.BACKWARDS, 1);
    }

    @Test
    void aResyncAnsweredWithReplayedExplainsNoLaterRestart() {
        Verdict verdict = judge(connection().subscribed(0, 0).events(1, 10).resync(4, "r").resent(4, 10, 0)
                .replayed(4, 10, "r").events(11, 12).resent(4, 5, 0));
        assertEquals(1, verdict.outOfOrderFrames(), verdict.toString());
    }

    @Test
    void aResyncFromASeqTheServerSkippedIsServerCaused() {
        Verdict verdict = judge(connection().subscribed(0, 0).events(1, 4).events(6, 6).resync(5, "r")
                .events(7, 7).resent(5, 7, 0).replayed(5, 7, "r"));
        assertOnly(verdict, Kind.GAP, 1);
        assertEquals(1, verdict.resyncs());
        assertEquals(1, verdict.serverCausedResyncs());
        assertEquals(0, verdict.resyncsOfOtherCause());
    }

    @Test
    void aResyncAfterAResetMovedTheStreamForwardHasAnotherCause() {
        Verdict verdict = judge(connection().subscribed(0, 0).events(1, 4).reset(EPOCH, 20, null).events(21, 21)
                .resync(5, "r").reset(EPOCH, 21, "r").events(22, 22));
        assertTrue(verdict.holds(), verdict.toString());
        assertEquals(1, verdict.resyncs());
        assertEquals(1, verdict.resyncsOfOtherCause());
    }

    @Test
    void aReplayedWithoutTheResentEventsFails() {
        assertOnly(judge(connection().subscribed(0, 0).events(1, 10).resync(4, "r").replayed(4, 10, "r")),
                Kind.REPLAY, 1);
    }

    @Test
    void aReplayedOfASubscribeThatClaimsMoreThanWasSentFails() {
        assertOnly(judge(connection().subscribe(T, 5L, "s").subscribedTo(9, "s").events(6, 8)
                .replayed(6, 9, "s")), Kind.REPLAY, 1);
    }

    @Test
    void aFirstSendMarkedAsARedeliveryFails() {
        assertOnly(judge(connection().subscribed(0, 0).events(1, 3).resent(4, 4, 1)),
                Kind.REDELIVERY_ON_FIRST_SEND, 1);
    }

    @Test
    void anEpochThatChangesWithoutAResetFails() {
        assertOnly(judge(connection().subscribed(0, 0).events(1, 2).frame(WireFrame.event(T, 3, EPOCH + 1, 0))),
                Kind.EPOCH, 1);
    }

    @Test
    void anEventBeforeSubscribedFails() {
        assertOnly(judge(connection().subscribe(T, 0L, "s").events(1, 2).subscribedTo(2, "s")),
                Kind.NOT_SUBSCRIBED, 1);
    }

    @Test
    void framesAreJudgedFromTheJsonTheClientReceived() {
        WireLog log = new WireLog();
        WireLog.Recording recording = log.open("c#1");
        recording.sent(WireFrame.subscribe(T, 0L, "s"));
        for (String json : List.of(
                "{\"type\":\"hello\",\"client_id\":\"c\"}",
                "{\"type\":\"subscribed\",\"topic\":\"" + T + "\",\"epoch\":7,\"last_seq\":0,\"request_id\":\"s\"}",
                "{\"type\":\"event\",\"topic\":\"" + T + "\",\"seq\":1,\"epoch\":7,\"redelivery\":0,\"payload\":{\"n\":1}}",
                "{\"type\":\"ping\",\"ts\":1}",
                "{\"type\":\"event\",\"topic\":\"" + T + "\",\"seq\":3,\"epoch\":7,\"redelivery\":0,\"payload\":{}}")) {
            recording.received(Json.createReader(new StringReader(json)).readObject());
        }
        List<WireLog.Connection> dumped = WireLog.fromJson(log.toJson());
        assertEquals(log.connections(), dumped, "the dump of another process reads back the same");
        assertEquals(4, dumped.get(0).frames().size(), "hello and ping are not kept");
        assertOnly(OrderCheck.judgeConnections(dumped), Kind.GAP, 1);
    }
}
