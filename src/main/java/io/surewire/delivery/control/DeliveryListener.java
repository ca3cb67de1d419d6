package io.surewire.delivery.control;

/** What delivery reports outward: acknowledgements to keep durably, failures to record, statistics. */
public interface DeliveryListener {

    /** A connection acknowledged every event of {@code topic} up to {@code seq}. */
    void acknowledged(String clientId, String topic, long epoch, long seq);

    /** Retries are exhausted for the events {@code fromSeq..toSeq}; the connection is being closed. */
    void failed(String clientId, String topic, long fromSeq, long toSeq, String reason);

    /** An event frame went out; {@code redelivery} is 0 on the first send. */
    default void sent(int redelivery) {
    }
}
