package io.surewire.jobs.boundary;

import io.surewire.publish.boundary.IdempotencyKeys;
import io.surewire.publish.control.IdempotencyKey;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.List;

/**
 * Deletes a chunk of expired idempotency keys in the chunk's transaction: the keys from the chunk's
 * first through its last that are still expired (a key used again meanwhile stays).
 */
@Named
@Dependent
public class ExpiredKeyWriter extends AbstractItemWriter {

    @Inject
    IdempotencyKeys keys;

    @Inject
    @BatchProperty(name = "as_of")
    String asOf;

    @Override
    public void writeItems(List<Object> items) {
        keys.purge(keys.expiredBefore(Instant.parse(asOf)), (IdempotencyKey) items.get(0),
                (IdempotencyKey) items.get(items.size() - 1));
    }
}
