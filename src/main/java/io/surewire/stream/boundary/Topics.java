package io.surewire.stream.boundary;

import io.surewire.platform.Like;
import io.surewire.stream.entity.Topic;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Creates topics and lists them. */
@ApplicationScoped
public class Topics {

    @PersistenceContext(unitName = "surewire")
    EntityManager em;

    @Resource
    TransactionSynchronizationRegistry transaction;

    /**
     * Creates the topic's row, with a new epoch and last seq 0, in a transaction of its own so that
     * the caller's transaction can lock it at once. When a concurrent caller created it first, this
     * does nothing.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void create(String name) {
        if (em.find(Topic.class, name) != null) {
            return;
        }
        try {
            em.persist(new Topic(name, System.currentTimeMillis(), Instant.now()));
            em.flush();
        } catch (PersistenceException createdConcurrently) {
            transaction.setRollbackOnly();
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> names() {
        return em.createQuery("SELECT t.name FROM Topic t ORDER BY t.name", String.class).getResultList();
    }

    /** The first topic whose name sorts after {@code name}, in the database's order of names. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> nameAfter(String name) {
        return Optional.ofNullable(em.createQuery("SELECT MIN(t.name) FROM Topic t WHERE t.name > :name", String.class)
                .setParameter("name", name)
                .getSingleResult());
    }

    /** The names starting with {@code prefix} (every name for an empty one), in order, {@code max} from {@code first}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> names(String prefix, int first, int max) {
        return em.createQuery("SELECT t.name FROM Topic t WHERE t.name LIKE :prefix ESCAPE '\\' ORDER BY t.name",
                        String.class)
                .setParameter("prefix", Like.startingWith(prefix))
                .setFirstResult(first)
                .setMaxResults(max)
                .getResultList();
    }

    /** How many names start with {@code prefix}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(String prefix) {
        return em.createQuery("SELECT COUNT(t) FROM Topic t WHERE t.name LIKE :prefix ESCAPE '\\'", Long.class)
                .setParameter("prefix", Like.startingWith(prefix))
                .getSingleResult();
    }
}
