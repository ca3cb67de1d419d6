package io.surewire.stream.entity;

import io.surewire.protocol.ServerFrames.ResetReason;
import java.util.Optional;

/**
 * Where a topic stands: its epoch, its last committed seq and the first seq still retained
 * ({@code lastSeq + 1} when none is). A topic nobody has published to reads as epoch 0, last seq 0.
 */
public record TopicState(String topic, long epoch, long lastSeq, long firstAvailableSeq) {

    /** The state of a topic that has no event yet. */
    public static TopicState empty(String topic) {
        return new TopicState(topic, 0, 0, 1);
    }

    public boolean exists() {
        return epoch != 0;
    }

    /**
     * Whether a client that has processed up to {@code since} can be served from here: empty when it
     * can; {@code EPOCH} when {@code since} is beyond this history; {@code RETENTION} when the events
     * right after it are no longer retained.
     */
    public Optional<ResetReason> resetFor(long since) {
        if (since > lastSeq) {
            return Optional.of(ResetReason.EPOCH);
        }
        return since + 1 < firstAvailableSeq ? Optional.of(ResetReason.RETENTION) : Optional.empty();
    }
}
