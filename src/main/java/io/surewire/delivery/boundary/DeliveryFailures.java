package io.surewire.delivery.boundary;

import io.surewire.delivery.control.DeliveryStatistics;
import io.surewire.delivery.control.FailureFilter;
import io.surewire.delivery.entity.DeliveryFailure;
import io.surewire.platform.SurewireConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The recorded delivery failures, written behind: {@link #record} keeps a failure in a bounded
 * backlog and returns at once, never failing and never waiting on the database, so that the
 * connection whose retries ran out is closed whatever the database's state; {@link #flush} (every
 * second, and when the application stops) writes the backlog, and keeps what it could not write for
 * the next time. When the backlog is full the oldest failure is dropped and counted
 * ({@code failures_dropped} in the metrics); the log keeps a line for every failure.
 */
@ApplicationScoped
public class DeliveryFailures {

    @Inject
    FailureTable table;

    @Inject
    DeliveryStatistics statistics;

    @Inject
    SurewireConfig config;

    @Inject
    Logger log;

    private final Deque<DeliveryFailure> unwritten = new ArrayDeque<>();
    private int limit;

    @PostConstruct
    void init() {
        limit = Math.max(1, config.maxUnwrittenFailures());
    }

    public void record(String clientId, String topic, long fromSeq, long toSeq, String reason) {
        log.warning(() -> "delivery failure: client " + clientId + " topic " + topic + " seq " + fromSeq + ".." + toSeq
                + ": " + reason);
        DeliveryFailure failure = new DeliveryFailure(clientId, topic, fromSeq, toSeq, reason);
        synchronized (unwritten) {
            unwritten.addLast(failure);
            trim();
        }
    }

    /** Writes what was recorded; what cannot be written now stays for the next flush. */
    public void flush() {
        List<DeliveryFailure> batch;
        synchronized (unwritten) {
            if (unwritten.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(unwritten);
            unwritten.clear();
        }
        try {
            table.write(batch);
        } catch (RuntimeException e) {
            synchronized (unwritten) {
                for (int i = batch.size() - 1; i >= 0; i--) {
                    unwritten.addFirst(batch.get(i));
                }
                trim();
            }
            log.warning(() -> "could not write " + batch.size() + " delivery failures, will retry: " + e.getMessage());
        }
    }

    /** The recorded failures the filter selects, newest first, {@code max} from {@code first}. */
    public List<DeliveryFailure> find(FailureFilter filter, int first, int max) {
        return table.find(filter, first, max);
    }

    public long count(FailureFilter filter) {
        return table.count(filter);
    }

    public Optional<DeliveryFailure> find(String id) {
        return table.find(id);
    }

    /** Marks the failure {@link DeliveryFailure#RESOLVED} (or {@link DeliveryFailure#REPLAYED}); {@code false} when there is none. */
    public boolean resolve(String id, String resolution) {
        return table.resolve(id, resolution);
    }

    /** How many recorded failures wait to be written. */
    public int unwrittenCount() {
        synchronized (unwritten) {
            return unwritten.size();
        }
    }

    /** When the application stops, what can still be written is. */
    void stopping(@Observes @BeforeDestroyed(ApplicationScoped.class) Object context) {
        flush();
    }

    private void trim() {
        while (unwritten.size() > limit) {
            DeliveryFailure dropped = unwritten.removeFirst();
            statistics.failureDropped();
            log.warning(() -> "more than " + limit + " delivery failures wait to be written: dropped the oldest, of client "
                    + dropped.clientId() + " topic " + dropped.topic());
        }
    }
}
