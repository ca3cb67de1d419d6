package io.surewire.jobs.control;

import java.io.Serializable;

/**
 * Where retention-purge's reading of the event log stands (its checkpoint): in {@code topic}, which has
 * expired through seq {@code through}, at the last event read, {@code seq} (0: none yet). The cut is
 * kept with the position so that a restart goes on with the same one.
 */
public record LogPosition(String topic, long through, long seq) implements Serializable {

    public LogPosition at(long seq) {
        return new LogPosition(topic, through, seq);
    }

    /** Whether expired events of the topic may remain past the position. */
    public boolean hasMore() {
        return seq < through;
    }
}
