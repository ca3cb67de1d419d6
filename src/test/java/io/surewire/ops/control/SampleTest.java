package io.surewire.ops.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.surewire.delivery.control.DeliveryStatistics;
import io.surewire.delivery.control.DeliveryStatistics.Counters;
import io.surewire.delivery.control.DeliveryStatistics.Latency;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link Sample}: rates of the counters over the period, failures in it and in all. */
class SampleTest {

    private static final Latency NONE = new Latency(0, 0, 0, 0, 0);

    @Test
    void ratesAreTheCountersDifferenceOverThePeriod() {
        Counters before = new Counters(100, 200, 10, 150, 1);
        Counters now = new Counters(150, 300, 15, 250, 3);
        Latency ack = new Latency(4, 1.5, 2, 3, 3.5);

        Sample sample = Sample.of(Instant.EPOCH, 5, before, now, 7, 9,
                new DeliveryStatistics.Interval(NONE, NONE, ack));

        assertEquals(10.0, sample.committedPerSecond());
        assertEquals(20.0, sample.sentPerSecond());
        assertEquals(20.0, sample.ackedPerSecond());
        assertEquals(1.0, sample.redeliveredPerSecond());
        assertEquals(2, sample.failures());
        assertEquals(3, sample.failuresTotal());
        assertEquals(7, sample.connections());
        assertEquals(9, sample.subscriptions());
        assertEquals(ack, sample.ackLatency());
        assertEquals(NONE, sample.commitToQueued());
    }

    @Test
    void aPeriodOfNoLengthHasNoRate() {
        Counters counters = new Counters(1, 1, 1, 1, 0);
        Sample sample = Sample.of(Instant.EPOCH, 0, counters, counters, 0, 0,
                new DeliveryStatistics.Interval(NONE, NONE, NONE));
        assertEquals(0.0, sample.committedPerSecond());
    }
}
