package io.surewire.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** A phase of fixed length in which the load runs by itself (an idle hold): time passing is the point, not a condition. */
final class Hold {

    private Hold() {
    }

    static void forAtLeast(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
