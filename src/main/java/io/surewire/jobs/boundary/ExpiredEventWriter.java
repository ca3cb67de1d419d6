package io.surewire.jobs.boundary;

import io.surewire.jobs.control.ExpiredEvent;
import io.surewire.stream.boundary.Retention;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes a chunk of expired events in the chunk's transaction: each topic of the chunk through the
 * last of its seqs read, so that a topic's log only ever loses a prefix.
 */
@Named
@Dependent
public class ExpiredEventWriter extends AbstractItemWriter {

    @Inject
    Retention retention;

    @Override
    public void writeItems(List<Object> items) {
        Map<String, Long> through = new LinkedHashMap<>();
        for (Object item : items) {
            ExpiredEvent event = (ExpiredEvent) item;
            through.merge(event.topic(), event.seq(), Math::max);
        }
        through.forEach(retention::purgeThrough);
    }
}
