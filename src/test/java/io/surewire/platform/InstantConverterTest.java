package io.surewire.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link InstantConverter}: the UTC wall clock, whatever the JVM's zone, across a daylight-saving change too. */
class InstantConverterTest {

    private final InstantConverter converter = new InstantConverter();
    private TimeZone zone;

    @BeforeEach
    void farFromUtc() {
        zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
    }

    @AfterEach
    void restore() {
        TimeZone.setDefault(zone);
    }

    @Test
    void writesTheUtcWallClockWhateverTheJvmsZone() {
        Instant instant = Instant.parse("2026-11-22T10:00:00.123456Z");
        assertEquals(LocalDateTime.parse("2026-11-22T10:00:00.123456"), converter.convertToDatabaseColumn(instant));
        assertEquals(instant, converter.convertToEntityAttribute(converter.convertToDatabaseColumn(instant)));
    }

    /** 01:30 on 1 Nov 2026 happens twice in New York; in UTC both instants stay apart. */
    @Test
    void theTwoInstantsOfAnHourThatRepeatsStayApart() {
        Instant first = Instant.parse("2026-11-01T05:30:00Z");
        Instant second = Instant.parse("2026-11-01T06:30:00Z");
        assertEquals(first, converter.convertToEntityAttribute(converter.convertToDatabaseColumn(first)));
        assertEquals(second, converter.convertToEntityAttribute(converter.convertToDatabaseColumn(second)));
    }

    @Test
    void nullStaysNull() {
        assertNull(converter.convertToDatabaseColumn(null));
        assertNull(converter.convertToEntityAttribute(null));
    }
}
