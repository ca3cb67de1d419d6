package io.surewire.jobs.boundary;

import io.surewire.delivery.boundary.FailureTable;
import io.surewire.delivery.entity.DeliveryFailure;
import io.surewire.jobs.control.FailurePosition;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads the delivery failures recorded from {@code from} (inclusive) to {@code to} (exclusive), by
 * time and then id, a page at a time. Its checkpoint is the last failure read.
 */
@Named
@Dependent
public class FailureReader extends AbstractItemReader {

    @Inject
    FailureTable failures;

    @Inject
    @BatchProperty(name = "from")
    String from;

    @Inject
    @BatchProperty(name = "to")
    String to;

    @Inject
    @BatchProperty(name = "page_size")
    String pageSize;

    private final Deque<DeliveryFailure> page = new ArrayDeque<>();
    private FailurePosition position;
    private int limit;

    @Override
    public void open(Serializable checkpoint) {
        position = (FailurePosition) checkpoint;
        limit = Integer.parseInt(pageSize);
    }

    @Override
    public Object readItem() {
        if (page.isEmpty()) {
            page.addAll(failures.read(Instant.parse(from), Instant.parse(to), position == null ? null : position.failedAt(),
                    position == null ? null : position.id(), limit));
            if (page.isEmpty()) {
                return null;
            }
        }
        DeliveryFailure failure = page.poll();
        position = new FailurePosition(failure.failedAt(), failure.id());
        return failure;
    }

    @Override
    public Serializable checkpointInfo() {
        return position;
    }
}
