package io.surewire.console.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.surewire.delivery.control.DeliveryStatistics.Latency;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** {@link ConsoleFormat}: how the console writes times, rates and latencies. */
class ConsoleFormatTest {

    private final ConsoleFormat format = format(ZoneId.of("Europe/Berlin"));

    private static ConsoleFormat format(ZoneId zone) {
        ConsoleFormat format = new ConsoleFormat();
        format.config = new io.surewire.platform.SurewireConfig() {
            @Override
            public ZoneId consoleZone() {
                return zone;
            }
        };
        format.init();
        return format;
    }

    @Test
    void timesAreInTheConsolesZone() {
        Instant noon = Instant.parse("2026-01-15T12:00:05Z");
        assertEquals("13:00:05", format.time(noon));
        assertEquals("2026-01-15 13:00:05", format.dateTime(noon));
        assertEquals("—", format.time(null));
    }

    @Test
    void durationsAreRough() {
        assertEquals("4 s", format.duration(Duration.ofSeconds(4)));
        assertEquals("12 min", format.duration(Duration.ofMinutes(12).plusSeconds(30)));
        assertEquals("3 h 5 min", format.duration(Duration.ofMinutes(185)));
        assertEquals("1 d", format.duration(Duration.ofHours(24)));
        assertEquals("2 d 4 h", format.duration(Duration.ofHours(52)));
        assertEquals("15 min", format.duration(Duration.ofMinutes(15)));
    }

    @Test
    void figures() {
        assertEquals("0.0", format.rate(0));
        assertEquals("9.5", format.rate(9.5));
        assertEquals("1\u202f234", format.rate(1234.4));
        assertEquals("0.42", format.millis(0.42));
        assertEquals("12.3", format.millis(12.34));
        assertEquals("250", format.millis(250.2));
        assertEquals("—", format.p50(new Latency(0, 0, 0, 0, 0)));
        assertEquals("1.50", format.p50(new Latency(3, 1.5, 2, 3, 4)));
        assertEquals("3.00", format.p99(new Latency(3, 1.5, 2, 3, 4)));
    }
}
