package io.surewire.console.boundary;

import io.surewire.console.control.LineChart;
import io.surewire.delivery.control.DeliveryStatistics.Latency;
import io.surewire.ops.boundary.Sessions;
import io.surewire.ops.boundary.Statistics;
import io.surewire.ops.control.ClientSession;
import io.surewire.ops.control.Sample;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.primefaces.PrimeFaces;

/**
 * The dashboard: the figures of the last sample and the connections now, the ten clients furthest
 * behind, and charts of the samples of the window, all from {@link Statistics} and {@link Sessions}.
 * The page polls every 2 s; the charts are drawn again only when a new sample came.
 */
@Named
@ViewScoped
public class DashboardBacking implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int LAGGING = 10;

    @Inject
    Statistics statistics;

    @Inject
    Sessions sessions;

    @Inject
    ConsoleFormat format;

    private Instant chartedSampleAt;

    /** The poll: the figures always; the charts when a sample came since they were drawn. */
    public void refresh() {
        Instant latest = statistics.latest().map(Sample::at).orElse(null);
        if (!Objects.equals(latest, chartedSampleAt)) {
            PrimeFaces.current().ajax().update("charts");
        }
    }

    public int getConnections() {
        return statistics.connections();
    }

    public int getSubscriptions() {
        return statistics.subscriptions();
    }

    /** The last sample, or an empty one before the first. */
    public Sample getLast() {
        return statistics.latest().orElseGet(() -> Sample.none(Instant.now()));
    }

    /** Delivery failures recorded in the window. */
    public long getFailuresInWindow() {
        return statistics.series().stream().mapToLong(Sample::failures).sum();
    }

    public String getWindow() {
        return format.duration(Duration.ofSeconds(statistics.windowSeconds()));
    }

    public int getPeriodSeconds() {
        return Statistics.PERIOD_SECONDS;
    }

    public List<ClientSession> getLagging() {
        return sessions.mostLagging(LAGGING);
    }

    public String getThroughputChart() {
        List<Sample> samples = charted();
        return new LineChart(labels(samples), "per second")
                .line(new LineChart.Line("events committed", "#2563eb", values(samples, Sample::committedPerSecond)))
                .line(new LineChart.Line("frames sent", "#0d9488", values(samples, Sample::sentPerSecond)))
                .line(new LineChart.Line("acks", "#7c3aed", values(samples, Sample::ackedPerSecond), true))
                .json();
    }

    public String getTroubleChart() {
        List<Sample> samples = charted();
        return new LineChart(labels(samples), "redeliveries per second")
                .rightAxis("failures per " + Statistics.PERIOD_SECONDS + " s")
                .line(new LineChart.Line("redeliveries", "#d97706", values(samples, Sample::redeliveredPerSecond)))
                .line(new LineChart.Line("delivery failures", "#dc2626", values(samples, s -> (double) s.failures()),
                        false, true))
                .json();
    }

    public String getLatencyChart() {
        List<Sample> samples = charted();
        return new LineChart(labels(samples), "ms")
                .line(new LineChart.Line("ack p50", "#7c3aed", latency(samples, Sample::ackLatency, Latency::p50)))
                .line(new LineChart.Line("ack p99", "#7c3aed", latency(samples, Sample::ackLatency, Latency::p99), true))
                .line(new LineChart.Line("commit→queued p50", "#0d9488",
                        latency(samples, Sample::commitToQueued, Latency::p50)))
                .line(new LineChart.Line("commit→queued p99", "#0d9488",
                        latency(samples, Sample::commitToQueued, Latency::p99), true))
                .json();
    }

    public String getConnectionsChart() {
        List<Sample> samples = charted();
        return new LineChart(labels(samples), "count").whole()
                .line(new LineChart.Line("connections", "#2563eb", values(samples, s -> (double) s.connections())))
                .line(new LineChart.Line("subscriptions", "#64748b", values(samples, s -> (double) s.subscriptions())))
                .json();
    }

    /** The samples the charts show; remembers the newest, so that the poll draws them again only for a new one. */
    private List<Sample> charted() {
        List<Sample> samples = statistics.series();
        chartedSampleAt = samples.isEmpty() ? null : samples.get(samples.size() - 1).at();
        return samples;
    }

    private List<String> labels(List<Sample> samples) {
        return samples.stream().map(s -> format.time(s.at())).toList();
    }

    private static List<Double> values(List<Sample> samples, Function<Sample, Double> value) {
        return samples.stream().map(value).toList();
    }

    private static List<Double> latency(List<Sample> samples, Function<Sample, Latency> latency,
                                        Function<Latency, Double> percentile) {
        return samples.stream().map(latency).map(l -> l.count() == 0 ? null : percentile.apply(l)).toList();
    }
}
