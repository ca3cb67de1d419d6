package io.surewire.delivery.boundary;

import io.surewire.delivery.entity.DeliveryFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/** Writes the table of recorded delivery failures. */
@ApplicationScoped
public class FailureTable {

    @PersistenceContext(unitName = "surewire")
    EntityManager em;

    /** Writes every given failure in one transaction of its own: all or none. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void write(List<DeliveryFailure> failures) {
        failures.forEach(em::persist);
    }
}
