package io.surewire.jobs.boundary;

import io.surewire.jobs.control.KeyPosition;
import io.surewire.publish.boundary.IdempotencyKeys;
import io.surewire.publish.control.IdempotencyKey;
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
 * Reads the idempotency keys that have expired as of the execution's {@code as_of}, in (scope, key)
 * order, a page at a time. Its checkpoint is the last key read.
 */
@Named
@Dependent
public class ExpiredKeyReader extends AbstractItemReader {

    @Inject
    IdempotencyKeys keys;

    @Inject
    @BatchProperty(name = "as_of")
    String asOf;

    @Inject
    @BatchProperty(name = "page_size")
    String pageSize;

    private final Deque<IdempotencyKey> page = new ArrayDeque<>();
    private KeyPosition position;
    private Instant before;
    private int limit;

    @Override
    public void open(Serializable checkpoint) {
        position = checkpoint == null ? KeyPosition.START : (KeyPosition) checkpoint;
        before = keys.expiredBefore(Instant.parse(asOf));
        limit = Integer.parseInt(pageSize);
    }

    @Override
    public Object readItem() {
        if (page.isEmpty()) {
            page.addAll(keys.expired(before, position.toKey(), limit));
            if (page.isEmpty()) {
                return null;
            }
        }
        IdempotencyKey key = page.poll();
        position = KeyPosition.of(key);
        return key;
    }

    @Override
    public Serializable checkpointInfo() {
        return position;
    }
}
