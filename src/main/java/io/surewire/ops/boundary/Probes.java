package io.surewire.ops.boundary;

import io.surewire.ops.control.Probe;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every {@link Probe} of the application, checked at most once per {@code surewire.health.cache-ms}
 * (default 1000) however many callers ask: a health endpoint polled hard costs one check a period.
 * A component that goes down or comes back is logged, with the reason.
 */
@ApplicationScoped
public class Probes {

    @Inject
    @Any
    Instance<Probe> probes;

    @Inject
    @ConfigProperty(name = "surewire.health.cache-ms", defaultValue = "1000")
    long cacheMs;

    @Inject
    Logger log;

    private List<Probe> all;
    private List<Probe.Result> last = List.of();
    private long checkedAt;
    private final Map<String, String> statuses = new HashMap<>();

    @PostConstruct
    void init() {
        all = probes.stream().toList();
    }

    /** The results of the last check, or of a new one when the last is older than the cache period. */
    public synchronized List<Probe.Result> current() {
        long now = System.nanoTime();
        if (last.isEmpty() || now - checkedAt >= cacheMs * 1_000_000) {
            last = all.stream().map(Probe::check).toList();
            checkedAt = now;
            last.forEach(this::logChange);
        }
        return last;
    }

    private void logChange(Probe.Result result) {
        String before = statuses.put(result.name(), result.status());
        if (result.status().equals(before)) {
            return;
        }
        if (result.up()) {
            log.info(() -> "health: " + result.name() + " is " + result.status() + " (" + result.detail() + ")");
        } else {
            log.warning(() -> "health: " + result.name() + " is down: " + result.detail());
        }
    }
}
