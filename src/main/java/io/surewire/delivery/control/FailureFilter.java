package io.surewire.delivery.control;

import java.time.Instant;

/**
 * Which recorded delivery failures to show: of clients and topics whose names start with the given
 * text (any for {@code null}), failed in {@code [from, to)} (open ends for {@code null}), open,
 * resolved or both.
 */
public record FailureFilter(String clientPrefix, String topicPrefix, Instant from, Instant to, State state) {

    public enum State {
        OPEN, RESOLVED, ALL
    }

    /** Every failure still open. */
    public static FailureFilter open() {
        return new FailureFilter(null, null, null, null, State.OPEN);
    }
}
