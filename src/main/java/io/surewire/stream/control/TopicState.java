package io.surewire.stream.control;

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
}
