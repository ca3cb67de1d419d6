package io.surewire.publish.boundary;

import io.surewire.platform.SurewireConfig;
import io.surewire.publish.control.IdempotencyKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * The retention of idempotency keys: a key is forgotten {@code surewire.idempotency.retention} (default
 * 48 h) after it was used. The {@code retention-purge} job reads the expired keys in (scope, key) order
 * and deletes them in chunks through these methods.
 */
@ApplicationScoped
public class IdempotencyKeys {

    @PersistenceContext(unitName = "surewire")
    EntityManager em;

    @Inject
    SurewireConfig config;

    /** Keys used before this instant have expired as of {@code asOf}. */
    public Instant expiredBefore(Instant asOf) {
        return asOf.minus(config.idempotencyRetention());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long countExpired(Instant before) {
        return em.createQuery("SELECT COUNT(r) FROM IdempotencyRecord r WHERE r.createdAt < :before", Long.class)
                .setParameter("before", before)
                .getSingleResult();
    }

    /** The keys used before {@code before} that sort after {@code after} (by scope, then key), in that order, at most {@code limit}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<IdempotencyKey> expired(Instant before, IdempotencyKey after, int limit) {
        return em.createQuery("SELECT r.scope, r.key FROM IdempotencyRecord r WHERE r.createdAt < :before"
                        + " AND (r.scope > :scope OR (r.scope = :scope AND r.key > :key)) ORDER BY r.scope, r.key",
                        Object[].class)
                .setParameter("before", before)
                .setParameter("scope", after.scope())
                .setParameter("key", after.key())
                .setMaxResults(limit)
                .getResultStream()
                .map(row -> new IdempotencyKey((String) row[0], (String) row[1]))
                .toList();
    }

    /**
     * Deletes, in the caller's transaction, the keys from {@code first} through {@code last} (by scope,
     * then key) that were used before {@code before}: exactly the expired keys {@link #expired} read in
     * that range, and never a key used again since.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int purge(Instant before, IdempotencyKey first, IdempotencyKey last) {
        return em.createQuery("DELETE FROM IdempotencyRecord r WHERE r.createdAt < :before"
                        + " AND (r.scope > :firstScope OR (r.scope = :firstScope AND r.key >= :firstKey))"
                        + " AND (r.scope < :lastScope OR (r.scope = :lastScope AND r.key <= :lastKey))")
                .setParameter("before", before)
                .setParameter("firstScope", first.scope())
                .setParameter("firstKey", first.key())
                .setParameter("lastScope", last.scope())
                .setParameter("lastKey", last.key())
                .executeUpdate();
    }
}
