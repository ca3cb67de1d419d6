package io.surewire.ops.control;

import io.surewire.delivery.control.DeliveryStatistics.Counters;
import io.surewire.delivery.control.DeliveryStatistics.Interval;
import io.surewire.delivery.control.DeliveryStatistics.Latency;
import java.time.Instant;

/**
 * What delivery did during one sampling period ending at {@code at}: the open connections and
 * subscriptions at its end, the rates of its counters (per second), the delivery failures recorded in
 * it and in all, and the latencies recorded in it (a latency with a count of 0 had no value).
 */
public record Sample(Instant at, int connections, int subscriptions, double committedPerSecond, double sentPerSecond,
                     double ackedPerSecond, double redeliveredPerSecond, long failures, long failuresTotal,
                     Latency ackLatency, Latency commitToQueued) {

    /** The sample of the period from {@code before} to {@code now}, which lasted {@code seconds}. */
    public static Sample of(Instant at, double seconds, Counters before, Counters now, int connections,
                            int subscriptions, Interval interval) {
        return new Sample(at, connections, subscriptions,
                rate(now.committed() - before.committed(), seconds),
                rate(now.sent() - before.sent(), seconds),
                rate(now.acked() - before.acked(), seconds),
                rate(now.redelivered() - before.redelivered(), seconds),
                now.failed() - before.failed(), now.failed(),
                interval.ack(), interval.afterCommit());
    }

    /** The sample before the first: no connection, nothing happened. */
    public static Sample none(Instant at) {
        Latency none = new Latency(0, 0, 0, 0, 0);
        return new Sample(at, 0, 0, 0, 0, 0, 0, 0, 0, none, none);
    }

    private static double rate(long count, double seconds) {
        return seconds <= 0 ? 0 : count / seconds;
    }
}
