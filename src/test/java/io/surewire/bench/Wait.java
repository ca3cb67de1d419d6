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
}
