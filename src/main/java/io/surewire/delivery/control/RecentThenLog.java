package io.surewire.delivery.control;

import io.surewire.stream.entity.StreamEvent;
import io.surewire.stream.entity.TopicState;
import java.util.ArrayList;
import java.util.List;

/**
 * The events as delivery and the JMS relay read them: a reader that knows the topic's epoch gets the
 * recent events held in memory ({@link RecentEvents}), and only what they do not hold in a row from the
 * first seq asked is read from the log; a held event's {@code event} frame is the one its first send was
 * encoded in.
 */
public final class RecentThenLog implements EventSource {

    private final RecentEvents recent;
    private final EventSource log;

    public RecentThenLog(RecentEvents recent, EventSource log) {
        this.recent = recent;
        this.log = log;
    }

    @Override
    public TopicState state(String topic) {
        return log.state(topic);
    }

    @Override
    public List<StreamEvent> read(String topic, long afterSeq, long upToSeq, int limit) {
        return log.read(topic, afterSeq, upToSeq, limit);
    }

    @Override
    public List<StreamEvent> read(String topic, long epoch, long afterSeq, long upToSeq, int limit) {
        List<StreamEvent> held = recent.read(topic, epoch, afterSeq, upToSeq, limit);
        long heldUpTo = held.isEmpty() ? afterSeq : held.get(held.size() - 1).seq();
        if (held.size() == limit || heldUpTo == upToSeq) {
            return held;
        }
        List<StreamEvent> rest = log.read(topic, heldUpTo, upToSeq, limit - held.size());
        if (held.isEmpty()) {
            return rest;
        }
        List<StreamEvent> page = new ArrayList<>(held);
        page.addAll(rest);
        return page;
    }

    @Override
    public String firstSend(StreamEvent event) {
        String held = recent.firstSend(event);
        return held != null ? held : EventFrames.event(event, 0);
    }
}
