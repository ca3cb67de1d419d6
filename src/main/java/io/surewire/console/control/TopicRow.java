package io.surewire.console.control;

/**
 * One topic as the topics page shows it: where its log stands, how many events it retains, how many
 * connections of this node subscribe to it, and its events per second over the last minute.
 */
public record TopicRow(String name, long epoch, long lastSeq, long firstAvailableSeq, long subscribers,
                       double eventsPerSecond) {

    /** The events the log still holds. */
    public long retained() {
        return Math.max(0, lastSeq - firstAvailableSeq + 1);
    }
}
