package io.surewire.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the subscribers of one measured case received, counted from every IO thread at once: first
 * deliveries, duplicates, gaps, acks, close codes, and the latency of live events from the
 * <em>intended</em> send time the publisher stamped in the payload (coordinated omission corrected:
 * a publisher that fell behind its schedule does not hide the delay).
 */
final class Tally {

    /** Latencies in microseconds, up to an hour, three significant digits. */
    final Histogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
    final LongAdder delivered = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder gaps = new LongAdder();
    final LongAdder redeliveredFrames = new LongAdder();
    final LongAdder eventFrames = new LongAdder();
    final LongAdder acks = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder resets = new LongAdder();
    final LongAdder pings = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    private final Map<Integer, LongAdder> closeCodes = new ConcurrentHashMap<>();

    void closed(int code) {
        closeCodes.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** The close codes seen, e.g. {@code 1000:200 4408:3}. */
    String closeCodes() {
        Map<Integer, Long> sorted = new TreeMap<>();
        closeCodes.forEach((code, n) -> sorted.put(code, n.sum()));
        StringBuilder text = new StringBuilder();
        sorted.forEach((code, n) -> text.append(text.length() == 0 ? "" : " ").append(code).append(':').append(n));
        return text.length() == 0 ? "none" : text.toString();
    }

    long closedCount() {
        return closeCodes.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** A latency percentile in milliseconds. */
    double percentileMs(double percentile) {
        return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1000.0;
    }
}
