package io.surewire.delivery.boundary;

import io.surewire.delivery.entity.DeliveryFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** Writes the table of recorded delivery failures, and reads it back by period for reports. */
@ApplicationScoped
public class FailureTable {

    @PersistenceContext(unitName = "surewire")
    EntityManager em;

    /** Writes every given failure in one transaction of its own: all or none. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void write(List<DeliveryFailure> failures) {
        failures.forEach(em::persist);
    }

    /** How many failures were recorded at {@code from} or later and before {@code to}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(Instant from, Instant to) {
        return em.createQuery("SELECT COUNT(f) FROM DeliveryFailure f WHERE f.failedAt >= :from AND f.failedAt < :to",
                        Long.class)
                .setParameter("from", from)
                .setParameter("to", to)
                .getSingleResult();
    }

    /**
     * The failures recorded at {@code from} or later and before {@code to}, ordered by time and then id,
     * that come after the failure recorded at {@code afterAt} with id {@code afterId} (both {@code null}:
     * from the first); at most {@code limit}. Reading on from the last one read pages through the period
     * without skipping or repeating a row.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DeliveryFailure> read(Instant from, Instant to, Instant afterAt, String afterId, int limit) {
        String after = afterAt == null ? "" : " AND (f.failedAt > :afterAt OR (f.failedAt = :afterAt AND f.id > :afterId))";
        var query = em.createQuery("SELECT f FROM DeliveryFailure f WHERE f.failedAt >= :from AND f.failedAt < :to"
                        + after + " ORDER BY f.failedAt, f.id", DeliveryFailure.class)
                .setParameter("from", from)
                .setParameter("to", to)
                .setMaxResults(limit);
        if (afterAt != null) {
            query.setParameter("afterAt", afterAt).setParameter("afterId", afterId);
        }
        return query.getResultList();
    }
}
