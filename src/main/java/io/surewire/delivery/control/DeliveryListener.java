package io.surewire.delivery.control;

import io.surewire.stream.entity.StreamEvent;

/** What delivery reports outward: acknowledgements to keep durably, failures to record, statistics. */
public interface DeliveryListener {

    /** A connection acknowledged every event of {@code topic} up to {@code seq}. */
    void acknowledged(String clientId, String topic, long epoch, long seq);

    /**
     * The connection was reset to {@code seq}: it reloads its state and continues after it, as if it
     * had acknowledged every event up to there.
     */
    void repositioned(String clientId, String topic, long epoch, long seq);

    /** Retries are exhausted for the events {@code fromSeq..toSeq}; the connection is closed whether or not this returns normally. */
    void failed(String clientId, String topic, long fromSeq, long toSeq, String reason);

    /**
     * An event frame was queued for the client: {@code live} when it went out as the event committed,
     * not from a replay or a resend; {@code redelivery} is 0 on the first send.
     */
    default void sent(StreamEvent event, int redelivery, boolean live) {
    }

    /**
     * A live event's first frame was queued, {@code announcedNanos} ({@link System#nanoTime()}) after
     * its transaction committed and delivery was told of it.
     */
    default void queuedLive(StreamEvent event, long announcedNanos) {
    }

    /**
     * An ack covered the event this connection and topic timed: {@code millis} from its first frame
     * queued to the ack. One event at a time is timed per connection and topic.
     */
    default void ackLatency(long millis) {
    }
}
