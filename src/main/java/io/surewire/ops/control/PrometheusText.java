package io.surewire.ops.control;

import io.surewire.delivery.control.DeliveryStatistics.Latency;

/**
 * Figures in Prometheus' text exposition format (version 0.0.4): each metric with its HELP and
 * TYPE lines, then its samples. Latencies, kept in milliseconds, are written in seconds.
 */
public final class PrometheusText {

    /** The media type of the format. */
    public static final String MEDIA_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder text = new StringBuilder();

    public PrometheusText gauge(String name, String help, double value) {
        return metric(name, help, "gauge").sample(name, "", value);
    }

    /** A counter; its name ends in {@code _total}. */
    public PrometheusText counter(String name, String help, double value) {
        return metric(name, help, "counter").sample(name, "", value);
    }

    /** A latency as a summary: its p50, p90 and p99 and the number of values, in seconds. */
    public PrometheusText summary(String name, String help, Latency latency) {
        metric(name, help, "summary");
        sample(name, "{quantile=\"0.5\"}", latency.p50() / 1000);
        sample(name, "{quantile=\"0.9\"}", latency.p90() / 1000);
        sample(name, "{quantile=\"0.99\"}", latency.p99() / 1000);
        return sample(name + "_count", "", latency.count());
    }

    @Override
    public String toString() {
        return text.toString();
    }

    private PrometheusText metric(String name, String help, String type) {
        text.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    private PrometheusText sample(String name, String labels, double value) {
        text.append(name).append(labels).append(' ').append(number(value)).append('\n');
        return this;
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
