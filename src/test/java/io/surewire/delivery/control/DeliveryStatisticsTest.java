package io.surewire.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void countersAreReadTogether() {
        DeliveryStatistics statistics = new DeliveryStatistics();
        statistics.committed();
        statistics.acked();
        statistics.acked();
        statistics.failed();
        assertEquals(new DeliveryStatistics.Counters(1, 0, 0, 2, 1), statistics.counters());
    }
}
