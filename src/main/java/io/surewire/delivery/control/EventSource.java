package io.surewire.delivery.control;

import io.surewire.stream.entity.StreamEvent;
import io.surewire.stream.entity.TopicState;
import java.util.List;

/** The reads delivery makes of the event log. */
public interface EventSource {

    TopicState state(String topic);

    /** The retained events with {@code afterSeq < seq <= upToSeq}, in order, at most {@code limit}. */
    List<StreamEvent> read(String topic, long afterSeq, long upToSeq, int limit);

    /**
     * {@link #read(String, long, long, int)} for a reader in the topic's {@code epoch}: a source that
     * keeps recent events of an epoch in memory may answer from there.
     */
    default List<StreamEvent> read(String topic, long epoch, long afterSeq, long upToSeq, int limit) {
        return read(topic, afterSeq, upToSeq, limit);
    }

    /**
     * The {@code event} frame of a first send of an event this source read: a source that keeps the
     * frames of recent events answers the one it kept, encoded once for every client it is replayed to.
     */
    default String firstSend(StreamEvent event) {
        return EventFrames.event(event, 0);
    }
}
