package io.surewire.delivery.boundary;

import io.surewire.delivery.entity.DeliveryFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.logging.Logger;

/** The recorded delivery failures. */
@ApplicationScoped
public class DeliveryFailures {

    @PersistenceContext(unitName = "surewire")
    EntityManager em;

    @Inject
    Logger log;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(String clientId, String topic, long fromSeq, long toSeq, String reason) {
        em.persist(new DeliveryFailure(clientId, topic, fromSeq, toSeq, reason));
        log.warning(() -> "delivery failure: client " + clientId + " topic " + topic + " seq " + fromSeq + ".." + toSeq
                + ": " + reason);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DeliveryFailure> recent(int limit) {
        return em.createQuery("SELECT f FROM DeliveryFailure f ORDER BY f.failedAt DESC", DeliveryFailure.class)
                .setMaxResults(limit)
                .getResultList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DeliveryFailure> ofClient(String clientId) {
        return em.createQuery("SELECT f FROM DeliveryFailure f WHERE f.clientId = :client ORDER BY f.failedAt",
                        DeliveryFailure.class)
                .setParameter("client", clientId)
                .getResultList();
    }
}
