package io.surewire.bench.raw;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * The baseline's side of S5: how long after a published event's frame was built each subscriber's copy
 * was handed to its connection ({@code sendText} returned), in microseconds, since the deployment started.
 * It is measured between the same two points as Surewire's commit → queued, on a server that has nothing
 * to commit and hands every frame over on the thread that read the publish.
 */
@ApplicationScoped
public class RawQueued {

    private static final long HIGHEST = TimeUnit.MINUTES.toMicros(10);

    private final Histogram total = new SynchronizedHistogram(HIGHEST, 3);

    void record(long nanos) {
        total.recordValue(Math.min(Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)), HIGHEST));
    }

    /** Everything recorded so far. */
    Histogram total() {
        return total.copy();
    }
}
