package io.surewire.jobs.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@link JobParameters}: what a start fixes, and what it refuses. */
class JobParametersTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);

    @Test
    void retentionPurgeIsMeasuredAsOfItsStart() {
        Properties parameters = JobParameters.retentionPurge(Map.of(), NOW, 50);

        assertEquals(NOW, JobParameters.instant(parameters, JobParameters.AS_OF));
        assertEquals("50", parameters.getProperty(JobParameters.CHUNK_SIZE));
    }

    @Test
    void retentionPurgeTakesNoParameters() {
        assertThrows(IllegalArgumentException.class, () -> JobParameters.retentionPurge(Map.of("as_of", "x"), NOW, 50));
    }

    @Test
    void aFailureReportCoversTheLastPeriodByDefault() {
        Properties parameters = JobParameters.failureReport(Map.of(), NOW, DAY, 7);

        assertEquals(NOW.minus(DAY), JobParameters.instant(parameters, JobParameters.FROM));
        assertEquals(NOW, JobParameters.instant(parameters, JobParameters.TO));
        assertEquals("7", parameters.getProperty(JobParameters.CHUNK_SIZE));
    }

    @Test
    void aFailureReportTakesFromAndToWithAZoneOrAnOffset() {
        Properties parameters = JobParameters.failureReport(Map.of("from", "2026-11-01T00:00:00+01:00",
                "to", "2026-11-02T00:00:00.5Z"), NOW, DAY, 7);

        assertEquals(Instant.parse("2026-10-31T23:00:00Z"), JobParameters.instant(parameters, JobParameters.FROM));
        assertEquals(Instant.parse("2026-11-02T00:00:00.500Z"), JobParameters.instant(parameters, JobParameters.TO));
    }

    @Test
    void withOnlyToTheReportCoversThePeriodBeforeIt() {
        Properties parameters = JobParameters.failureReport(Map.of("to", "2026-11-02T00:00:00Z"), NOW, DAY, 7);

        assertEquals(Instant.parse("2026-11-01T00:00:00Z"), JobParameters.instant(parameters, JobParameters.FROM));
    }

    @Test
    void aFailureReportRefusesWhatItCannotRead() {
        assertThrows(IllegalArgumentException.class,
                () -> JobParameters.failureReport(Map.of("from", "yesterday"), NOW, DAY, 7));
        assertThrows(IllegalArgumentException.class,
                () -> JobParameters.failureReport(Map.of("from", "2026-11-01T00:00:00"), NOW, DAY, 7), "no zone");
        assertThrows(IllegalArgumentException.class,
                () -> JobParameters.failureReport(Map.of("since", "2026-11-01T00:00:00Z"), NOW, DAY, 7));
        assertThrows(IllegalArgumentException.class, () -> JobParameters.failureReport(
                Map.of("from", "2026-11-02T00:00:00Z", "to", "2026-11-01T00:00:00Z"), NOW, DAY, 7));
        assertThrows(IllegalArgumentException.class, () -> JobParameters.failureReport(
                Map.of("from", "2026-11-01T00:00:00Z", "to", "2026-11-01T00:00:00Z"), NOW, DAY, 7), "an empty period");
    }
}
