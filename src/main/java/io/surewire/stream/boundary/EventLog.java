package io.surewire.stream.boundary;

import io.surewire.stream.entity.EventCommitted;
import io.surewire.stream.entity.EventDraft;
import io.surewire.stream.entity.EventRecord;
import io.surewire.stream.entity.StreamEvent;
import io.surewire.stream.entity.Topic;
import io.surewire.stream.entity.TopicHead;
import io.surewire.stream.entity.TopicState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The sequenced, persistent log of every topic: append, read a range, and where a topic stands. */
@ApplicationScoped
public class EventLog {

    private static final int HEADS_PER_QUERY = 500;

    @PersistenceContext(unitName = "surewire")
    EntityManager em;

    @Inject
    Topics topics;

    @Inject
    Event<EventCommitted> committed;

    /**
     * Appends an event inside the caller's transaction. The topic's row stays locked until that
     * transaction ends, so seqs are committed in the order they are taken, and a rollback gives the
     * number back. Observers see {@link EventCommitted} after the commit, never before.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public StreamEvent append(String topic, String payload, boolean requiresAck) {
        return append(topic, List.of(new EventDraft(payload, requiresAck))).get(0);
    }

    /**
     * Appends several events to one topic inside the caller's transaction, with consecutive seqs in
     * the order given, under one lock of the topic's row: a group commit.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<StreamEvent> append(String topic, List<EventDraft> drafts) {
        Topic row = lock(topic);
        Instant now = Instant.now();
        List<StreamEvent> events = new ArrayList<>(drafts.size());
        for (EventDraft draft : drafts) {
            StreamEvent event = new StreamEvent(topic, row.nextSeq(), row.epoch(), UUID.randomUUID().toString(),
                    now, draft.requiresAck(), draft.payload());
            em.persist(new EventRecord(event));
            events.add(event);
        }
        events.forEach(event -> committed.fire(new EventCommitted(event)));
        return events;
    }

    /**
     * Locks the topic's row (creating the topic when it has none) until the caller's transaction
     * ends: appends to the topic wait meanwhile, and so does anyone else who locks it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Topic lock(String topic) {
        Topic row = em.find(Topic.class, topic, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            topics.create(topic);
            row = em.find(Topic.class, topic, LockModeType.PESSIMISTIC_WRITE);
        }
        return row;
    }

    /** The retained events with {@code afterSeq < seq <= upToSeq}, in seq order, at most {@code limit}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StreamEvent> read(String topic, long afterSeq, long upToSeq, int limit) {
        return em.createQuery("SELECT e FROM EventRecord e WHERE e.topic = :topic AND e.seq > :after"
                        + " AND e.seq <= :upTo ORDER BY e.seq", EventRecord.class)
                .setParameter("topic", topic)
                .setParameter("after", afterSeq)
                .setParameter("upTo", upToSeq)
                .setMaxResults(limit)
                .getResultStream()
                .map(EventRecord::toEvent)
                .toList();
    }

    /**
     * Where the topic stands: its epoch, its last seq and its first retained seq, read in one query
     * (every subscribe and resync asks).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public TopicState state(String topic) {
        List<?> rows = em.createNativeQuery("SELECT t.epoch, t.last_seq, (SELECT MIN(e.seq) FROM sw_event e"
                        + " WHERE e.topic = t.name) FROM sw_topic t WHERE t.name = ?1")
                .setParameter(1, topic)
                .getResultList();
        if (rows.isEmpty()) {
            return TopicState.empty(topic);
        }
        Object[] row = (Object[]) rows.get(0);
        long lastSeq = ((Number) row[1]).longValue();
        return new TopicState(topic, ((Number) row[0]).longValue(), lastSeq,
                row[2] == null ? lastSeq + 1 : ((Number) row[2]).longValue());
    }

    /**
     * How many events of {@code topic} were appended since {@code since}, its last seq being
     * {@code lastSeq}: the seqs after the newest event older than that. The log is read backwards from
     * its end, as far as that event (seq and time grow together), so a busy minute costs a minute's rows.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long appendedSince(String topic, long lastSeq, Instant since) {
        List<Long> older = em.createQuery("SELECT e.seq FROM EventRecord e WHERE e.topic = :topic AND e.ts < :since"
                        + " ORDER BY e.seq DESC", Long.class)
                .setParameter("topic", topic)
                .setParameter("since", since)
                .setMaxResults(1)
                .getResultList();
        if (!older.isEmpty()) {
            return lastSeq - older.get(0);
        }
        Long first = em.createQuery("SELECT MIN(e.seq) FROM EventRecord e WHERE e.topic = :topic", Long.class)
                .setParameter("topic", topic)
                .getSingleResult();
        return first == null ? 0 : lastSeq - first + 1;
    }

    /**
     * The heads of the given topics (those that exist), read from their rows: a query for at most
     * {@value #HEADS_PER_QUERY} topics at a time.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, TopicHead> heads(Collection<String> topics) {
        List<String> names = List.copyOf(topics);
        Map<String, TopicHead> heads = new HashMap<>();
        for (int from = 0; from < names.size(); from += HEADS_PER_QUERY) {
            em.createQuery("SELECT t FROM Topic t WHERE t.name IN :names", Topic.class)
                    .setParameter("names", names.subList(from, Math.min(names.size(), from + HEADS_PER_QUERY)))
                    .getResultStream()
                    .forEach(t -> heads.put(t.name(), new TopicHead(t.name(), t.epoch(), t.lastSeq())));
        }
        return heads;
    }

    /**
     * The last seq of {@code topic} that retention may purge, 0 when none: every event beyond the last
     * {@code maxEvents}, and every event up to the last one older than {@code before}. Purging through
     * it takes a prefix of the log, never a hole.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long retentionCut(String topic, long maxEvents, Instant before) {
        Topic row = em.find(Topic.class, topic);
        if (row == null) {
            return 0;
        }
        Long oldEnough = em.createQuery("SELECT MAX(e.seq) FROM EventRecord e WHERE e.topic = :topic AND e.ts < :before",
                        Long.class)
                .setParameter("topic", topic)
                .setParameter("before", before)
                .getSingleResult();
        return Math.max(0, Math.max(row.lastSeq() - maxEvents, oldEnough == null ? 0 : oldEnough));
    }

    /**
     * About how many events of all topics retention would purge: those beyond the last {@code maxEvents}
     * of their topic or older than {@code before}. Exact while timestamps rise with seqs; an estimate, in
     * one query, for a progress bar.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long countExpired(long maxEvents, Instant before) {
        return em.createQuery("SELECT COUNT(e) FROM EventRecord e, Topic t WHERE e.topic = t.name"
                        + " AND (e.seq <= t.lastSeq - :maxEvents OR e.ts < :before)", Long.class)
                .setParameter("maxEvents", maxEvents)
                .setParameter("before", before)
                .getSingleResult();
    }

    /** The seqs of the retained events with {@code afterSeq < seq <= upToSeq}, in order, at most {@code limit}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Long> seqs(String topic, long afterSeq, long upToSeq, int limit) {
        return em.createQuery("SELECT e.seq FROM EventRecord e WHERE e.topic = :topic AND e.seq > :after"
                        + " AND e.seq <= :upTo ORDER BY e.seq", Long.class)
                .setParameter("topic", topic)
                .setParameter("after", afterSeq)
                .setParameter("upTo", upToSeq)
                .setMaxResults(limit)
                .getResultList();
    }

    /** Purges every event of {@code topic} with seq &le; {@code seq}, in the caller's transaction or a new one. */
    @Transactional(Transactional.TxType.REQUIRED)
    public int purgeThrough(String topic, long seq) {
        return em.createQuery("DELETE FROM EventRecord e WHERE e.topic = :topic AND e.seq <= :seq")
                .setParameter("topic", topic)
                .setParameter("seq", seq)
                .executeUpdate();
    }
}
