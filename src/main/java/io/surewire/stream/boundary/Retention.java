package io.surewire.stream.boundary;

import io.surewire.platform.SurewireConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The retention policy: each topic keeps its last {@code surewire.retention.max-events} events and
 * those younger than {@code surewire.retention.max-age}. What expires is always a prefix of a topic's
 * log (everything through its {@link #expiredThrough cut}), so what is retained is the contiguous range
 * from the first available seq to the last. The purge itself runs as the {@code retention-purge} job,
 * which walks the topics in name order and purges in chunks through these methods.
 */
@ApplicationScoped
public class Retention {

    @Inject
    EventLog log;

    @Inject
    Topics topics;

    @Inject
    SurewireConfig config;

    /**
     * The last seq of {@code topic} that has expired as of {@code asOf} (0: none). A seq that has
     * expired stays expired: the count only grows and the ages only increase.
     */
    public long expiredThrough(String topic, Instant asOf) {
        return log.retentionCut(topic, config.retentionMaxEvents(), asOf.minus(config.retentionMaxAge()));
    }

    /** About how many events of all topics have expired as of {@code asOf}. */
    public long estimateExpired(Instant asOf) {
        return log.countExpired(config.retentionMaxEvents(), asOf.minus(config.retentionMaxAge()));
    }

    /** The topic whose name follows {@code name} (the first one after {@code ""}). */
    public Optional<String> topicAfter(String name) {
        return topics.nameAfter(name);
    }

    /** The seqs of {@code topic} with {@code afterSeq < seq <= throughSeq}, in order, at most {@code limit}. */
    public List<Long> seqs(String topic, long afterSeq, long throughSeq, int limit) {
        return log.seqs(topic, afterSeq, throughSeq, limit);
    }

    /**
     * Purges {@code topic} through {@code seq}, which must not be past its {@link #expiredThrough cut},
     * in the caller's transaction: the log loses a prefix, and nothing retention keeps.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int purgeThrough(String topic, long seq) {
        return log.purgeThrough(topic, seq);
    }
}
