package io.surewire.ops.control;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * One open connection as the operations views show it: who, since when, last heard of, and its
 * lag per subscribed topic (events known committed and not yet acknowledged).
 */
public record ClientSession(String clientId, String sessionId, String role, Instant connectedAt, Instant lastSeen,
                            SortedMap<String, Long> lag) {

    public Set<String> topics() {
        return lag.keySet();
    }

    /** The lag of every topic together. */
    public long totalLag() {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The topic with the largest lag, or {@code null} with no topic. */
    public String mostLaggingTopic() {
        return lag.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }
}
