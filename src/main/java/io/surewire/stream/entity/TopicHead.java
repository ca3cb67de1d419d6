package io.surewire.stream.entity;

/**
 * The head of a topic's log as last read: the epoch of its current life and its last committed seq.
 * Cheaper to read than a {@link TopicState}, for every subscribed topic at once.
 */
public record TopicHead(String topic, long epoch, long lastSeq) {
}
