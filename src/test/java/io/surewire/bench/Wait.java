package io.surewire.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Bounded waits for a condition (Awaitility), never a sleep-and-hope. */
final class Wait {

    private Wait() {
    }

    /** Waits for {@code condition}; fails with {@code what} when it does not hold within {@code atMost}. */
    static void until(String what, Duration atMost, BooleanSupplier condition) {
        Awaitility.await(what).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(condition::getAsBoolean);
    }

    /** Waits for {@code condition} at most {@code atMost}; whether it came true. */
    static boolean quietly(Duration atMost, BooleanSupplier condition) {
        try {
            until("condition", atMost, condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return condition.getAsBoolean();
        }
    }

    /**
     * Asks {@code condition} every {@code interval}, the first time after one, at most {@code atMost};
     * whether it came true. For a condition that is dear to ask, or that compares a reading with the last.
     */
    static boolean every(Duration interval, Duration atMost, BooleanSupplier condition) {
        try {
            Awaitility.await().atMost(atMost).pollDelay(interval).pollInterval(interval).until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
