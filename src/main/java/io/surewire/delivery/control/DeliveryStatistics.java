package io.surewire.delivery.control;

import io.surewire.stream.entity.StreamEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters of what delivery did since the application started, and three latencies as HDR
 * histograms: from an event's append to its frame being queued for a client and from its commit to
 * that frame (live sends only), and from an event's first frame to the ack that covers it. Each
 * latency is kept twice: over everything recorded so far, and since the last {@link #interval()}.
 */
@ApplicationScoped
public class DeliveryStatistics {

    /** Latency percentiles in milliseconds over everything recorded so far. */
    public record Latency(long count, double p50, double p90, double p99, double max) {
    }

    /** The counters, read together. */
    public record Counters(long committed, long sent, long redelivered, long acked, long failed) {
    }

    /** The latencies recorded since the interval before. */
    public record Interval(Latency latency, Latency afterCommit, Latency ack) {
    }

    /**
     * One latency over everything recorded so far: its percentiles, and a copy of its histogram in
     * microseconds, read at the same moment; the histograms of two readings subtract to the values
     * recorded between them.
     */
    public record Recorded(Latency percentiles, Histogram micros) {
    }

    /** The three latencies over everything recorded so far, each with its histogram. */
    public record Totals(Recorded appendToQueued, Recorded commitToQueued, Recorded ack) {
    }

    private final LongAdder committed = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder redelivered = new LongAdder();
    private final LongAdder acks = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder failuresDropped = new LongAdder();
    private final Timing latency = new Timing();
    private final Timing afterCommit = new Timing();
    private final Timing ackLatency = new Timing();

    public void committed() {
        committed.increment();
    }

    public void sent(StreamEvent event, int redelivery, boolean live) {
        sent.increment();
        if (redelivery > 0) {
            redelivered.increment();
        }
        if (live && redelivery == 0) {
            latency.record(TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis() - event.ts().toEpochMilli()));
        }
    }

    /** A live event's first frame was queued {@code nanos} after delivery was told of its commit. */
    public void queuedAfterCommit(long nanos) {
        afterCommit.record(TimeUnit.NANOSECONDS.toMicros(nanos));
    }

    public void acked() {
        acks.increment();
    }

    /** An ack came {@code millis} after the first frame of the event it covers was queued. */
    public void ackedAfter(long millis) {
        ackLatency.record(TimeUnit.MILLISECONDS.toMicros(millis));
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

    public Counters counters() {
        return new Counters(committed.sum(), sent.sum(), redelivered.sum(), acks.sum(), failures.sum());
    }

    /** From append to queued, in milliseconds. */
    public Latency latency() {
        return latency.total();
    }

    /** From the commit (the after-commit observer) to queued, in milliseconds. */
    public Latency afterCommitLatency() {
        return afterCommit.total();
    }

    /** From an event's first frame queued to the ack that covers it, in milliseconds. */
    public Latency ackLatency() {
        return ackLatency.total();
    }

    /** The three latencies with copies of their histograms, for a reader that subtracts one reading from another. */
    public Totals totals() {
        return new Totals(latency.recorded(), afterCommit.recorded(), ackLatency.recorded());
    }

    /** The latencies recorded since the last call; the statistics sampler is the one caller. */
    public Interval interval() {
        return new Interval(latency.takeInterval(), afterCommit.takeInterval(), ackLatency.takeInterval());
    }

    /**
     * One latency: values go to a recorder without a lock; reading moves them into a histogram of
     * everything so far and one of the current interval.
     */
    private static final class Timing {

        private static final long HIGHEST = TimeUnit.MINUTES.toMicros(10);

        private final Recorder recorder = new Recorder(HIGHEST, 3);
        private final Histogram total = new Histogram(HIGHEST, 3);
        private final Histogram interval = new Histogram(HIGHEST, 3);
        private Histogram recycled;

        void record(long micros) {
            recorder.recordValue(Math.min(Math.max(0, micros), HIGHEST));
        }

        synchronized Latency total() {
            drain();
            return percentiles(total);
        }

        synchronized Recorded recorded() {
            drain();
            return new Recorded(percentiles(total), total.copy());
        }

        synchronized Latency takeInterval() {
            drain();
            Latency taken = percentiles(interval);
            interval.reset();
            return taken;
        }

        private void drain() {
            recycled = recorder.getIntervalHistogram(recycled);
            total.add(recycled);
            interval.add(recycled);
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
}
