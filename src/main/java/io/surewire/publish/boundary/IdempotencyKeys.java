package io.surewire.publish.boundary;

import io.surewire.platform.SurewireConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Forgets idempotency keys older than {@code surewire.idempotency.retention} (default 48 h). */
@ApplicationScoped
public class IdempotencyKeys {

    @PersistenceContext(unitName = "surewire")
    EntityManager em;

    @Inject
    SurewireConfig config;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeExpired() {
        return em.createQuery("DELETE FROM IdempotencyRecord r WHERE r.createdAt < :before")
                .setParameter("before", Instant.now().minus(config.idempotencyRetention()))
                .executeUpdate();
    }
}
