package io.surewire.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/** A progress line every few seconds while a phase runs: what it is at, and the CPU so far. */
final class Progress implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Progress.class.getName());

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-progress");
        thread.setDaemon(true);
        return thread;
    });

    Progress(String phase, Supplier<String> status) {
        long start = System.nanoTime();
        timer.scheduleAtFixedRate(() -> {
            try {
                LOG.info(String.format("[%s %ds] %s", phase, (System.nanoTime() - start) / 1_000_000_000L, status.get()));
            } catch (RuntimeException e) {
                LOG.info("[" + phase + "] " + e);
            }
        }, 5, 5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
