package io.surewire.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.stream.entity.StreamEvent;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RecentEventsTest {

    private static final String T = "t";

    private static StreamEvent event(long epoch, long seq) {
        return event(T, epoch, seq, "{\"n\":" + seq + "}");
    }

    private static StreamEvent event(String topic, long epoch, long seq, String payload) {
        return new StreamEvent(topic, seq, epoch, "id-" + seq, Instant.EPOCH, true, payload);
    }

    private static void add(RecentEvents recent, StreamEvent event, long now) {
        recent.add(event, EventFrames.event(event, 0), now);
    }

    private static long size(StreamEvent event) {
        return 2L * (event.payload().length() + EventFrames.event(event, 0).length()) + 200;
    }

    private static List<Long> seqs(List<StreamEvent> events) {
        return events.stream().map(StreamEvent::seq).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void answersAnUnbrokenRunFromTheFirstSeqAskedWhateverOrderTheEventsCameIn() {
        RecentEvents recent = new RecentEvents(16, 1 << 20, 10);
        for (long seq : new long[] {3, 1, 2, 5, 4, 7}) {
            add(recent, event(1, seq), 0);
        }
        assertEquals(range(1, 5), seqs(recent.read(T, 1, 0, 10, 100)), "stops at the hole at 6");
        assertEquals(range(2, 3), seqs(recent.read(T, 1, 1, 3, 100)), "never past upTo");
        assertEquals(range(1, 2), seqs(recent.read(T, 1, 0, 10, 2)), "never more than the limit");
        assertEquals(List.of(), seqs(recent.read(T, 1, 5, 10, 100)), "a hole first: nothing");
        assertEquals(List.of(), seqs(recent.read("other", 1, 0, 10, 100)));
    }

    @Test
    void keepsOnlyTheLatestEventsOfATopic() {
        RecentEvents recent = new RecentEvents(8, 1 << 20, 10);
        for (long seq = 1; seq <= 20; seq++) {
            add(recent, event(1, seq), 0);
        }
        assertEquals(List.of(), recent.read(T, 1, 0, 20, 100), "seq 1 was overwritten");
        assertEquals(range(13, 20), seqs(recent.read(T, 1, 12, 20, 100)));
        add(recent, event(1, 5), 0);
        assertEquals(range(13, 20), seqs(recent.read(T, 1, 12, 20, 100)), "an older seq never replaces a newer one");
    }

    @Test
    void answersOnlyInTheEpochAskedAndANewEpochStartsOver() {
        RecentEvents recent = new RecentEvents(8, 1 << 20, 10);
        add(recent, event(1, 1), 0);
        add(recent, event(1, 2), 0);
        assertEquals(List.of(), recent.read(T, 2, 0, 2, 100));

        add(recent, event(2, 1), 0);
        assertEquals(List.of(), recent.read(T, 1, 0, 2, 100), "the old epoch is gone");
        assertEquals(List.of(1L), seqs(recent.read(T, 2, 0, 2, 100)));
        add(recent, event(1, 3), 0);
        assertEquals(List.of(1L), seqs(recent.read(T, 2, 0, 3, 100)), "a late event of the old epoch is not kept");
    }

    @Test
    void staysWithinItsBudgetAndAnEventNotKeptIsAHole() {
        String big = "\"" + "x".repeat(1000) + "\"";
        long each = size(event(T, 1, 1, big));
        RecentEvents recent = new RecentEvents(64, 3 * each, 10);
        for (long seq = 1; seq <= 5; seq++) {
            add(recent, event(T, 1, seq, big), 0);
        }
        assertTrue(recent.bytes() <= 3 * each, "bytes " + recent.bytes());
        assertEquals(range(1, 3), seqs(recent.read(T, 1, 0, 5, 100)));
        assertEquals(List.of(), recent.read(T, 1, 3, 5, 100));
    }

    @Test
    void keepsAtMostItsNumberOfTopicsAndForgetsIdleOnesNobodySubscribesTo() {
        RecentEvents recent = new RecentEvents(8, 1 << 20, 2);
        add(recent, event("a", 1, 1, "1"), 100);
        add(recent, event("b", 1, 1, "1"), 200);
        add(recent, event("c", 1, 1, "1"), 300);
        assertEquals(2, recent.topics());
        assertEquals(List.of(), recent.read("c", 1, 0, 1, 10));

        recent.expire(Set.of("a"), 250);
        assertEquals(1, recent.topics(), "b is idle and unsubscribed; a is subscribed");
        assertEquals(List.of(1L), seqs(recent.read("a", 1, 0, 1, 10)));
        assertEquals(0, recent.read("b", 1, 0, 1, 10).size());
        recent.expire(Set.of(), 250);
        assertEquals(0, recent.topics());
        assertEquals(0, recent.bytes());
    }

    @Test
    void answersTheFrameKeptWithAnEventOnlyForThatVeryEvent() {
        RecentEvents recent = new RecentEvents(4, 1 << 20, 10);
        StreamEvent first = event(1, 1);
        recent.add(first, "frame of 1", 0);

        assertEquals("frame of 1", recent.firstSend(recent.read(T, 1, 0, 1, 10).get(0)));
        assertNull(recent.firstSend(event(1, 1)), "an equal event read from the log is not the one held");
        assertNull(recent.firstSend(event(1, 2)));
        assertNull(recent.firstSend(event("other", 1, 1, "{}")));

        StreamEvent fifth = event(1, 5);
        recent.add(fifth, "frame of 5", 0);
        assertNull(recent.firstSend(first), "seq 5 took seq 1's slot");
        assertEquals("frame of 5", recent.firstSend(fifth));
    }

    @Test
    void zeroEventsPerTopicKeepsNothing() {
        RecentEvents recent = new RecentEvents(0, 1 << 20, 10);
        add(recent, event(1, 1), 0);
        assertEquals(0, recent.topics());
    }
}
