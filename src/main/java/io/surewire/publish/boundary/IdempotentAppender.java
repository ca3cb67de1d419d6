package io.surewire.publish.boundary;

import io.surewire.publish.control.IdempotencyConflict;
import io.surewire.publish.control.IdempotencyKey;
import io.surewire.publish.control.Publication;
import io.surewire.publish.control.Receipt;
import io.surewire.publish.entity.IdempotencyRecord;
import io.surewire.stream.boundary.EventLog;
import io.surewire.stream.entity.EventDraft;
import io.surewire.stream.entity.StreamEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Appends events at most once per idempotency key: each event and its key in one transaction, the
 * caller's when there is one (the JMS listener's, the {@link PublishCommitter}'s), a new one otherwise.
 */
@ApplicationScoped
public class IdempotentAppender {

    @PersistenceContext(unitName = "surewire")
    EntityManager em;

    @Inject
    EventLog log;

    /**
     * Returns the earlier receipt when the key was used before. Otherwise the key's row is written
     * (and flushed) before the event, so that a concurrent publish with the same key waits on it and
     * then fails, instead of appending a second event.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public Receipt append(String topic, String payload, boolean requiresAck, IdempotencyKey key) {
        IdempotencyRecord record = null;
        if (key != null) {
            String fingerprint = IdempotencyKey.fingerprint(topic, payload, requiresAck);
            Optional<Receipt> earlier = earlier(key, topic, fingerprint);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            record = new IdempotencyRecord(key.scope(), key.key(), topic, fingerprint);
            em.persist(record);
            em.flush();
        }
        StreamEvent event = log.append(topic, payload, requiresAck);
        if (record != null) {
            record.committedAs(event.seq(), event.epoch(), event.id());
        }
        return new Receipt(topic, event.seq(), event.epoch(), event.id(), false);
    }

    /**
     * Appends the publications of one topic in one transaction (a group commit): one outcome per
     * publication, in order, each a {@link Receipt} or the {@link IdempotencyConflict} of its key. A
     * key used earlier (or earlier in the batch) answers its earlier receipt. The keys' rows are
     * written and flushed before the events, as in {@link #append}.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public List<Object> appendAll(String topic, List<Publication> publications) {
        return appendToTopic(topic, publications);
    }

    /**
     * Appends publications to several topics in one transaction, as {@link #appendAll} does for one:
     * one outcome per publication, in order. The topics are taken in their natural order, so that two
     * such transactions lock the topics' rows in the same order and never wait for each other in a
     * cycle. The outcomes are those of the publications committed one by one in the batch's order: a key
     * that the batch uses for two topics belongs to the topic it was used for first (in the log, else in
     * the batch), and is a conflict for the other.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public List<Object> appendAcross(List<Publication> publications) {
        Object[] outcomes = new Object[publications.size()];
        Map<IdempotencyKey, String> ownerOfKey = ownersOfKeysUsedForSeveralTopics(publications);
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (int i = 0; i < publications.size(); i++) {
            Publication publication = publications.get(i);
            String owner = publication.key() == null ? null : ownerOfKey.get(publication.key());
            if (owner != null && !owner.equals(publication.topic())) {
                outcomes[i] = new IdempotencyConflict(publication.key().key());
            } else {
                byTopic.computeIfAbsent(publication.topic(), t -> new ArrayList<>()).add(i);
            }
        }
        byTopic.forEach((topic, indexes) -> {
            List<Object> appended = appendToTopic(topic, indexes.stream().map(publications::get).toList());
            for (int n = 0; n < indexes.size(); n++) {
                outcomes[indexes.get(n)] = appended.get(n);
            }
        });
        return Arrays.asList(outcomes);
    }

    /** The topic each key that the batch uses for more than one topic belongs to: the log's, else its first use's. */
    private Map<IdempotencyKey, String> ownersOfKeysUsedForSeveralTopics(List<Publication> publications) {
        Map<IdempotencyKey, String> firstTopic = new HashMap<>();
        Map<IdempotencyKey, String> owners = new HashMap<>();
        for (Publication publication : publications) {
            IdempotencyKey key = publication.key();
            if (key == null) {
                continue;
            }
            String first = firstTopic.putIfAbsent(key, publication.topic());
            if (first != null && !first.equals(publication.topic()) && !owners.containsKey(key)) {
                IdempotencyRecord used = recordOf(key);
                owners.put(key, used == null ? first : used.topic());
            }
        }
        return owners;
    }

    /** {@link #appendAll}, in the caller's transaction. */
    private List<Object> appendToTopic(String topic, List<Publication> publications) {
        Object[] outcomes = new Object[publications.size()];
        Map<IdempotencyKey, Integer> firstWithKey = new HashMap<>();
        List<Integer> fresh = new ArrayList<>();
        List<IdempotencyRecord> records = new ArrayList<>();
        for (int i = 0; i < publications.size(); i++) {
            Publication publication = publications.get(i);
            IdempotencyKey key = publication.key();
            if (key == null) {
                fresh.add(i);
                records.add(null);
                continue;
            }
            String fingerprint = IdempotencyKey.fingerprint(topic, publication.payload(), publication.requiresAck());
            try {
                Integer first = firstWithKey.get(key);
                if (first != null) {
                    outcomes[i] = sameAsEarlierInBatch(publications.get(first), publication, key, fingerprint);
                    continue;
                }
                Optional<Receipt> earlier = earlier(key, topic, fingerprint);
                if (earlier.isPresent()) {
                    outcomes[i] = earlier.get();
                    continue;
                }
            } catch (IdempotencyConflict conflict) {
                outcomes[i] = conflict;
                continue;
            }
            firstWithKey.put(key, i);
            IdempotencyRecord record = new IdempotencyRecord(key.scope(), key.key(), topic, fingerprint);
            em.persist(record);
            fresh.add(i);
            records.add(record);
        }
        if (!firstWithKey.isEmpty()) {
            em.flush();
        }
        List<StreamEvent> events = log.append(topic, fresh.stream()
                .map(i -> new EventDraft(publications.get(i).payload(), publications.get(i).requiresAck()))
                .toList());
        for (int n = 0; n < events.size(); n++) {
            StreamEvent event = events.get(n);
            if (records.get(n) != null) {
                records.get(n).committedAs(event.seq(), event.epoch(), event.id());
            }
            outcomes[fresh.get(n)] = new Receipt(topic, event.seq(), event.epoch(), event.id(), false);
        }
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                // a key used twice in this batch: the second answers what the first committed
                Receipt first = (Receipt) outcomes[firstWithKey.get(publications.get(i).key())];
                outcomes[i] = new Receipt(first.topic(), first.seq(), first.epoch(), first.id(), true);
            }
        }
        return Arrays.asList(outcomes);
    }

    /** {@code null} (its receipt follows once the first commits) or the conflict when the key was used for another publish. */
    private static Object sameAsEarlierInBatch(Publication first, Publication again, IdempotencyKey key,
                                               String fingerprint) {
        String firstPrint = IdempotencyKey.fingerprint(first.topic(), first.payload(), first.requiresAck());
        return firstPrint.equals(fingerprint) ? null : new IdempotencyConflict(key.key());
    }

    /**
     * The receipt of an earlier publish with this key, as a duplicate; a conflict when the key was
     * used for another publish ({@code fingerprint} of {@link IdempotencyKey#fingerprint}).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Receipt> earlier(IdempotencyKey key, String topic, String fingerprint) {
        IdempotencyRecord record = recordOf(key);
        if (record == null) {
            return Optional.empty();
        }
        if (!record.topic().equals(topic) || record.fingerprint() != null && !record.fingerprint().equals(fingerprint)) {
            throw new IdempotencyConflict(key.key());
        }
        return Optional.of(new Receipt(topic, record.seq(), record.epoch(), record.eventId(), true));
    }

    /** The key's row, or {@code null} when the key was never used. */
    private IdempotencyRecord recordOf(IdempotencyKey key) {
        return em.find(IdempotencyRecord.class, new IdempotencyRecord.Key(key.scope(), key.key()));
    }
}
