package io.surewire.delivery.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.LongAdder;

/** Counters of what delivery did since the application started. */
@ApplicationScoped
public class DeliveryStatistics {

    private final LongAdder committed = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder redelivered = new LongAdder();
    private final LongAdder acks = new LongAdder();
    private final LongAdder failures = new LongAdder();

    public void committed() {
        committed.increment();
    }

    public void sent(int redelivery) {
        sent.increment();
        if (redelivery > 0) {
            redelivered.increment();
        }
    }

    public void acked() {
        acks.increment();
    }

    public void failed() {
        failures.increment();
    }

    public long committedCount() {
        return committed.sum();
    }

    public long sentCount() {
        return sent.sum();
    }

    public long redeliveredCount() {
        return redelivered.sum();
    }

    public long ackCount() {
        return acks.sum();
    }

    public long failureCount() {
        return failures.sum();
    }
}
