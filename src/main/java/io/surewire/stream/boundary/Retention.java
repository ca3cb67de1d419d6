package io.surewire.stream.boundary;

import io.surewire.platform.SurewireConfig;
import io.surewire.stream.entity.Topic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Removes the events a topic no longer retains: beyond the last {@code surewire.retention.max-events}
 * or older than {@code surewire.retention.max-age}. Always a prefix of the log, so what is retained is
 * the contiguous range from the first available seq to the last seq.
 */
@ApplicationScoped
public class Retention {

    @PersistenceContext(unitName = "surewire")
    EntityManager em;

    @Inject
    Topics topics;

    @Inject
    SurewireConfig config;

    @Inject
    Logger log;

    public void purgeExpired() {
        Instant before = Instant.now().minus(config.retentionMaxAge());
        for (String topic : topics.names()) {
            int purged = purge(topic, config.retentionMaxEvents(), before);
            if (purged > 0) {
                log.fine(() -> "retention purged " + purged + " events of topic " + topic);
            }
        }
    }

    /** Purges the events of {@code topic} beyond the last {@code maxEvents} or older than {@code before}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purge(String topic, long maxEvents, Instant before) {
        Topic row = em.find(Topic.class, topic);
        if (row == null) {
            return 0;
        }
        Long oldEnough = em.createQuery("SELECT MAX(e.seq) FROM EventRecord e WHERE e.topic = :topic AND e.ts < :before",
                        Long.class)
                .setParameter("topic", topic)
                .setParameter("before", before)
                .getSingleResult();
        long cut = Math.max(row.lastSeq() - maxEvents, oldEnough == null ? 0 : oldEnough);
        return cut <= 0 ? 0 : purgeThrough(topic, cut);
    }

    /** Purges every event of {@code topic} with seq &le; {@code seq}. */
    @Transactional(Transactional.TxType.REQUIRED)
    public int purgeThrough(String topic, long seq) {
        return em.createQuery("DELETE FROM EventRecord e WHERE e.topic = :topic AND e.seq <= :seq")
                .setParameter("topic", topic)
                .setParameter("seq", seq)
                .executeUpdate();
    }
}
