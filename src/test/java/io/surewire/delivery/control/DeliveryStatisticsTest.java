package io.surewire.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** {@link DeliveryStatistics}: a latency read in total does not take values from the interval, nor the reverse. */
class DeliveryStatisticsTest {

    @Test
    void theTotalAndTheIntervalEachSeeEveryValue() {
        DeliveryStatistics statistics = new DeliveryStatistics();
        statistics.ackedAfter(10);
        statistics.ackedAfter(20);
        assertEquals(2, statistics.ackLatency().count(), "read in total first");

        statistics.ackedAfter(30);
        DeliveryStatistics.Interval first = statistics.interval();
        assertEquals(3, first.ack().count(), "the interval has the values the total read before");
        assertEquals(30.0, first.ack().max(), 0.1);
        assertEquals(0, first.afterCommit().count());

        statistics.ackedAfter(40);
        assertEquals(4, statistics.ackLatency().count());
        DeliveryStatistics.Interval second = statistics.interval();
        assertEquals(1, second.ack().count(), "only what came after the first interval");
        assertEquals(40.0, second.ack().p50(), 0.1);
        assertEquals(0, statistics.interval().ack().count());
    }

    @Test
    void twoReadingsOfTheTotalSubtractToTheValuesBetweenThem() {
        DeliveryStatistics statistics = new DeliveryStatistics();
        statistics.queuedAfterCommit(TimeUnit.MILLISECONDS.toNanos(900));
        statistics.queuedAfterCommit(TimeUnit.MICROSECONDS.toNanos(250));
        DeliveryStatistics.Recorded before = statistics.totals().commitToQueued();
        assertEquals(2, before.micros().getTotalCount(), "the copy holds what the percentiles count");
        assertEquals(900.0, before.percentiles().max(), 1.0);

        statistics.queuedAfterCommit(TimeUnit.MICROSECONDS.toNanos(400));
        statistics.queuedAfterCommit(TimeUnit.MICROSECONDS.toNanos(1_500));
        Histogram between = statistics.totals().commitToQueued().micros();
        between.subtract(before.micros());

        assertEquals(2, between.getTotalCount());
        assertEquals(400, between.getMinValue(), 1);
        assertEquals(1_500, between.getMaxValue(), 2, "the 900 ms recorded before is not between");
        assertEquals(2, before.micros().getTotalCount(), "a reading is a copy: later values do not change it");
    }

    @Test
    void countersAreReadTogether() {
        DeliveryStatistics statistics = new DeliveryStatistics();
        statistics.committed();
        statistics.acked();
        statistics.acked();
        statistics.failed();
        assertEquals(new DeliveryStatistics.Counters(1, 0, 0, 2, 1), statistics.counters());
    }
}
