package io.surewire.ops.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.surewire.delivery.control.DeliveryStatistics.Latency;
import org.junit.jupiter.api.Test;

/** {@link PrometheusText}: HELP, TYPE and samples as the text format has them; latencies in seconds. */
class PrometheusTextTest {

    @Test
    void gaugesCountersAndSummaries() {
        String text = new PrometheusText()
                .gauge("surewire_connections", "Open connections.", 3)
                .counter("surewire_acks_total", "Acks.", 12345678901L)
                .summary("surewire_ack_latency_seconds", "Ack latency.", new Latency(7, 1.5, 2, 250, 300))
                .toString();
        assertEquals("""
                # HELP surewire_connections Open connections.
                # TYPE surewire_connections gauge
                surewire_connections 3
                # HELP surewire_acks_total Acks.
                # TYPE surewire_acks_total counter
                surewire_acks_total 12345678901
                # HELP surewire_ack_latency_seconds Ack latency.
                # TYPE surewire_ack_latency_seconds summary
                surewire_ack_latency_seconds{quantile="0.5"} 0.0015
                surewire_ack_latency_seconds{quantile="0.9"} 0.002
                surewire_ack_latency_seconds{quantile="0.99"} 0.25
                surewire_ack_latency_seconds_count 7
                """, text);
    }
}
