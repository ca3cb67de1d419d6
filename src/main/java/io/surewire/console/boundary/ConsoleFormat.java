package io.surewire.console.boundary;

import io.surewire.delivery.control.DeliveryStatistics.Latency;
import io.surewire.platform.SurewireConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the console writes times and figures ({@code #{format.time(...)}}): times in
 * {@code surewire.console.zone}, rates with one decimal below 10, latencies in ms.
 */
@Named("format")
@ApplicationScoped
public class ConsoleFormat {

    private static final String NONE = "—";

    @Inject
    SurewireConfig config;

    private ZoneId zone;
    private DateTimeFormatter time;
    private DateTimeFormatter dateTime;

    @PostConstruct
    void init() {
        zone = config.consoleZone();
        time = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(zone);
        dateTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(zone);
    }

    public ZoneId zone() {
        return zone;
    }

    /** The zone's name as the pages show it beside times. */
    public String zoneName() {
        return zone.getId();
    }

    public String time(Instant instant) {
        return instant == null ? NONE : time.format(instant);
    }

    public String dateTime(Instant instant) {
        return instant == null ? NONE : dateTime.format(instant);
    }

    /** How long ago, roughly: "4 s", "12 min", "3 h 5 min", "2 d 4 h", "1 d". */
    public String ago(Instant instant) {
        return instant == null ? NONE : duration(Duration.between(instant, Instant.now()));
    }

    public String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min";
        }
        if (seconds < 86400) {
            return seconds / 3600 + " h" + (seconds % 3600 / 60 == 0 ? "" : " " + seconds % 3600 / 60 + " min");
        }
        return seconds / 86400 + " d" + (seconds % 86400 / 3600 == 0 ? "" : " " + seconds % 86400 / 3600 + " h");
    }

    /** A rate per second: one decimal below 10, whole above. */
    public String rate(double perSecond) {
        return perSecond < 10 ? String.format(Locale.ROOT, "%.1f", perSecond) : count(Math.round(perSecond));
    }

    /** A count with thousands separated by a thin space. */
    public String count(long count) {
        return String.format(Locale.ROOT, "%,d", count).replace(',', '\u202f');
    }

    /** Milliseconds: two decimals below 10, one below 100, whole above; "—" for a latency that had no value. */
    public String millis(double millis) {
        if (millis < 10) {
            return String.format(Locale.ROOT, "%.2f", millis);
        }
        return millis < 100 ? String.format(Locale.ROOT, "%.1f", millis) : count(Math.round(millis));
    }

    /** "p50 · p99" of a latency, or "—" when it had no value. */
    public String percentiles(Latency latency) {
        return latency == null || latency.count() == 0 ? NONE : millis(latency.p50()) + " · " + millis(latency.p99());
    }

    public String p50(Latency latency) {
        return latency == null || latency.count() == 0 ? NONE : millis(latency.p50());
    }

    public String p99(Latency latency) {
        return latency == null || latency.count() == 0 ? NONE : millis(latency.p99());
    }
}
