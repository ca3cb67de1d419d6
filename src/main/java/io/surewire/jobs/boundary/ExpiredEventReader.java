package io.surewire.jobs.boundary;

import io.surewire.jobs.control.ExpiredEvent;
import io.surewire.jobs.control.LogPosition;
import io.surewire.stream.boundary.Retention;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Reads the expired events of every topic, topic by topic in name order and in seq order within a
 * topic, a page at a time. Its checkpoint is its position (the topic, its cut, the last seq read), so
 * that a restart goes on after the last committed chunk with the same cut. A topic's cut is taken when
 * the reading reaches it, as of the execution's {@code as_of}.
 */
@Named
@Dependent
public class ExpiredEventReader extends AbstractItemReader {

    @Inject
    Retention retention;

    @Inject
    @BatchProperty(name = "as_of")
    String asOf;

    @Inject
    @BatchProperty(name = "page_size")
    String pageSize;

    private final Deque<Long> page = new ArrayDeque<>();
    private LogPosition position;
    private Instant expiredAsOf;
    private int limit;

    @Override
    public void open(Serializable checkpoint) {
        position = (LogPosition) checkpoint;
        expiredAsOf = Instant.parse(asOf);
        limit = Integer.parseInt(pageSize);
    }

    @Override
    public Object readItem() {
        while (true) {
            if (!page.isEmpty()) {
                position = position.at(page.poll());
                return new ExpiredEvent(position.topic(), position.seq());
            }
            if (position != null && position.hasMore()) {
                page.addAll(retention.seqs(position.topic(), position.seq(), position.through(), limit));
                if (!page.isEmpty()) {
                    continue;
                }
            }
            Optional<String> next = retention.topicAfter(position == null ? "" : position.topic());
            if (next.isEmpty()) {
                return null;
            }
            position = new LogPosition(next.get(), retention.expiredThrough(next.get(), expiredAsOf), 0);
        }
    }

    @Override
    public Serializable checkpointInfo() {
        return position;
    }
}
