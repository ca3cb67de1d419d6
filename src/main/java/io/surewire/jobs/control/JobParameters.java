package io.surewire.jobs.control;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parameters a job execution runs with. Everything that decides what a job does is fixed here,
 * when it starts (the instant retention is measured from, the period of a report, the chunk size),
 * so that a restarted execution, which runs with its predecessor's parameters, does exactly what the
 * first one would have.
 */
public final class JobParameters {

    /** retention-purge: what has expired is measured as of this instant (ISO-8601). */
    public static final String AS_OF = "as_of";
    /** failure-report: the failures recorded at this instant or later ... */
    public static final String FROM = "from";
    /** ... and before this one. */
    public static final String TO = "to";
    /** Items per chunk (and per read from the database). */
    public static final String CHUNK_SIZE = "chunk_size";

    private JobParameters() {
    }

    /** retention-purge takes nothing from its caller: it purges what has expired as of {@code now}. */
    public static Properties retentionPurge(Map<String, String> given, Instant now, int chunkSize) {
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("retention-purge takes no parameters, not " + given.keySet());
        }
        Properties parameters = new Properties();
        parameters.setProperty(AS_OF, now.toString());
        parameters.setProperty(CHUNK_SIZE, Integer.toString(chunkSize));
        return parameters;
    }

    /**
     * failure-report takes {@code from} and {@code to}, ISO-8601 instants with a zone or an offset;
     * {@code to} defaults to {@code now} and {@code from} to {@code period} before {@code to}.
     * {@code from} must be before {@code to}.
     */
    public static Properties failureReport(Map<String, String> given, Instant now, Duration period, int chunkSize) {
        Set<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(Set.of(FROM, TO));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("failure-report takes from and to, not " + unknown);
        }
        Instant to = given.containsKey(TO) ? instant(TO, given.get(TO)) : now;
        Instant from = given.containsKey(FROM) ? instant(FROM, given.get(FROM)) : to.minus(period);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        Properties parameters = new Properties();
        parameters.setProperty(FROM, from.toString());
        parameters.setProperty(TO, to.toString());
        parameters.setProperty(CHUNK_SIZE, Integer.toString(chunkSize));
        return parameters;
    }

    /** An instant parameter as stored by this class (or {@code null} when absent). */
    public static Instant instant(Properties parameters, String name) {
        String value = parameters.getProperty(name);
        return value == null ? null : Instant.parse(value);
    }

    private static Instant instant(String name, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-11-22T10:00:00Z, not "
                    + value);
        }
    }
}
