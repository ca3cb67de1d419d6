package io.surewire.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.surewire.stream.entity.StreamEvent;
import io.surewire.stream.entity.TopicState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RecentThenLogTest {

    private static final String T = "t";

    /** A log of one topic holding seqs 1–100 of epoch 1, which notes every read it answers. */
    private static final class Log implements EventSource {
        final List<String> reads = new ArrayList<>();

        @Override
        public TopicState state(String topic) {
            return new TopicState(topic, 1, 100, 1);
        }

        @Override
        public List<StreamEvent> read(String topic, long afterSeq, long upToSeq, int limit) {
            reads.add(afterSeq + ".." + upToSeq + " limit " + limit);
            return LongStream.rangeClosed(afterSeq + 1, Math.min(upToSeq, 100)).limit(limit)
                    .mapToObj(seq -> event(1, seq)).toList();
        }
    }

    private static StreamEvent event(long epoch, long seq) {
        return new StreamEvent(T, seq, epoch, "id-" + seq, Instant.EPOCH, true, "{\"n\":" + seq + "}");
    }

    private static List<Long> seqs(List<StreamEvent> events) {
        return events.stream().map(StreamEvent::seq).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static RecentEvents holding(long from, long to) {
        RecentEvents recent = new RecentEvents(256, 1 << 20, 10);
        for (long seq = from; seq <= to; seq++) {
            StreamEvent event = event(1, seq);
            recent.add(event, EventFrames.event(event, 0), 0);
        }
        return recent;
    }

    @Test
    void whatMemoryHoldsInARowIsNotReadFromTheLog() {
        Log log = new Log();
        RecentThenLog source = new RecentThenLog(holding(41, 100), log);
        assertEquals(range(51, 100), seqs(source.read(T, 1, 50, 100, 1000)));
        assertEquals(range(41, 45), seqs(source.read(T, 1, 40, 100, 5)), "the limit reached in memory");
        assertEquals(List.of(), log.reads);
    }

    @Test
    void theLogAnswersFromTheFirstSeqMemoryDoesNotHold() {
        Log log = new Log();
        RecentThenLog source = new RecentThenLog(holding(41, 60), log);
        assertEquals(range(31, 100), seqs(source.read(T, 1, 30, 100, 1000)), "nothing held at 31: all from the log");
        assertEquals(range(51, 80), seqs(source.read(T, 1, 50, 100, 30)), "51-60 held, the rest read after 60");
        assertEquals(List.of("30..100 limit 1000", "60..100 limit 20"), log.reads);
    }

    @Test
    void anotherEpochOrAReaderWithoutOneIsAnsweredByTheLog() {
        Log log = new Log();
        RecentThenLog source = new RecentThenLog(holding(1, 100), log);
        assertEquals(range(91, 100), seqs(source.read(T, 2, 90, 100, 1000)));
        assertEquals(range(91, 100), seqs(source.read(T, 90, 100, 1000)));
        assertEquals(List.of("90..100 limit 1000", "90..100 limit 1000"), log.reads);
    }

    @Test
    void aHeldEventKeepsTheFrameItsFirstSendWasEncodedIn() {
        RecentEvents recent = new RecentEvents(256, 1 << 20, 10);
        StreamEvent held = event(1, 7);
        String frame = EventFrames.event(held, 0);
        recent.add(held, frame, 0);
        RecentThenLog source = new RecentThenLog(recent, new Log());
        assertSame(frame, source.firstSend(source.read(T, 1, 6, 7, 10).get(0)));
        StreamEvent fromTheLog = source.read(T, 1, 7, 8, 10).get(0);
        assertEquals(EventFrames.event(fromTheLog, 0), source.firstSend(fromTheLog));
    }
}
