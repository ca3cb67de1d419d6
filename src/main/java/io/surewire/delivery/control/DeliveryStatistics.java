package io.surewire.delivery.control;

import io.surewire.stream.control.StreamEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters of what delivery did since the application started, and the latency from an event's
 * append to its frame being queued for a client (live sends only), as an HDR histogram.
 */
@ApplicationScoped
public class DeliveryStatistics {

    /** Latency percentiles in milliseconds over everything recorded so far. */
    public record Latency(long count, double p50, double p90, double p99, double max) {
    }

    private final LongAdder committed = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder redelivered = new LongAdder();
    private final LongAdder acks = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder failuresDropped = new LongAdder();
    private final Recorder recorder = new Recorder(TimeUnit.MINUTES.toMicros(10), 3);
    private final Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    private final Recorder afterCommitRecorder = new Recorder(TimeUnit.MINUTES.toMicros(10), 3);
    private final Histogram afterCommit = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);

    public void committed() {
        committed.increment();
    }

    public void sent(StreamEvent event, int redelivery, boolean live) {
        sent.increment();
        if (redelivery > 0) {
            redelivered.increment();
        }
        if (live && redelivery == 0) {
            long micros = Math.max(0, TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis() - event.ts().toEpochMilli()));
            recorder.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
        }
    }

    /** A live event's first frame was queued {@code nanos} after delivery was told of its commit. */
    public void queuedAfterCommit(long nanos) {
        long micros = Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos));
        afterCommitRecorder.recordValue(Math.min(micros, afterCommit.getHighestTrackableValue()));
    }

    public void acked() {
        acks.increment();
    }

    public void failed() {
        failures.increment();
    }

    /** A recorded failure could not be kept until the database took it. */
    public void failureDropped() {
        failuresDropped.increment();
    }

    public long failuresDroppedCount() {
        return failuresDropped.sum();
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

    /** From append to queued, in milliseconds. */
    public synchronized Latency latency() {
        latency.add(recorder.getIntervalHistogram());
        return percentiles(latency);
    }

    /** From the commit (the after-commit observer) to queued, in milliseconds. */
    public synchronized Latency afterCommitLatency() {
        afterCommit.add(afterCommitRecorder.getIntervalHistogram());
        return percentiles(afterCommit);
    }

    private static Latency percentiles(Histogram histogram) {
        return new Latency(histogram.getTotalCount(), millis(histogram.getValueAtPercentile(50)),
                millis(histogram.getValueAtPercentile(90)), millis(histogram.getValueAtPercentile(99)),
                millis(histogram.getMaxValue()));
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
