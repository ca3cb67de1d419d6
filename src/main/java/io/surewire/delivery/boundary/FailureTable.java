package io.surewire.delivery.boundary;

import io.surewire.delivery.control.FailureFilter;
import io.surewire.delivery.entity.DeliveryFailure;
import io.surewire.platform.Like;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/** Writes the table of recorded delivery failures, and reads it back: by period for reports, by filter for the console. */
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

    /** The failures the filter selects, newest first, {@code max} from {@code first}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DeliveryFailure> find(FailureFilter filter, int first, int max) {
        return query(filter, "SELECT f FROM DeliveryFailure f", " ORDER BY f.failedAt DESC, f.id", DeliveryFailure.class)
                .setFirstResult(first)
                .setMaxResults(max)
                .getResultList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(FailureFilter filter) {
        return query(filter, "SELECT COUNT(f) FROM DeliveryFailure f", "", Long.class).getSingleResult();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<DeliveryFailure> find(String id) {
        return Optional.ofNullable(em.find(DeliveryFailure.class, id));
    }

    /** Marks the failure dealt with ({@code resolution}) now; {@code false} when there is no such failure. */
    @Transactional(Transactional.TxType.REQUIRED)
    public boolean resolve(String id, String resolution) {
        DeliveryFailure failure = em.find(DeliveryFailure.class, id);
        if (failure == null) {
            return false;
        }
        failure.resolve(resolution, Instant.now());
        return true;
    }

    private <T> TypedQuery<T> query(FailureFilter filter, String select, String order, Class<T> type) {
        StringJoiner where = new StringJoiner(" AND ", " WHERE ", "").setEmptyValue("");
        List<Object[]> parameters = new ArrayList<>();
        if (filter.clientPrefix() != null && !filter.clientPrefix().isBlank()) {
            where.add("f.clientId LIKE :client ESCAPE '\\'");
            parameters.add(new Object[] {"client", Like.startingWith(filter.clientPrefix().strip())});
        }
        if (filter.topicPrefix() != null && !filter.topicPrefix().isBlank()) {
            where.add("f.topic LIKE :topic ESCAPE '\\'");
            parameters.add(new Object[] {"topic", Like.startingWith(filter.topicPrefix().strip())});
        }
        if (filter.from() != null) {
            where.add("f.failedAt >= :from");
            parameters.add(new Object[] {"from", filter.from()});
        }
        if (filter.to() != null) {
            where.add("f.failedAt < :to");
            parameters.add(new Object[] {"to", filter.to()});
        }
        switch (filter.state()) {
            case OPEN -> where.add("f.resolvedAt IS NULL");
            case RESOLVED -> where.add("f.resolvedAt IS NOT NULL");
            case ALL -> {
            }
        }
        TypedQuery<T> query = em.createQuery(select + where + order, type);
        parameters.forEach(p -> query.setParameter((String) p[0], p[1]));
        return query;
    }
}
