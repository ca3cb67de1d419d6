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
import jakarta.persistence.Query;
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
 * A key's row is written with its event, seq and all, at the commit. A concurrent publish with the same
 * key that got past the lookup meanwhile waits at its own commit for the first one's row, then fails
 * and rolls back with its event; tried again, it reads the first one's receipt.
 */
@ApplicationScoped
public class IdempotentAppender {

    private static final int KEYS_PER_QUERY = 64;

    @PersistenceContext(unitName = "surewire")
    EntityManager em;

    @Inject
    EventLog log;

    /**
     * Appends one event, or returns the earlier receipt when the key was used before for the same
     * publish; throws {@link IdempotencyConflict} when it was used for another.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public Receipt append(String topic, String payload, boolean requiresAck, IdempotencyKey key) {
        Object outcome = appendAcross(List.of(new Publication(topic, payload, requiresAck, key))).get(0);
        if (outcome instanceof Receipt receipt) {
            return receipt;
        }
        throw (RuntimeException) outcome;
    }

    /**
     * Appends publications to one topic or several in one transaction (a group commit): one outcome per
     * publication, in order, each a {@link Receipt} or the {@link IdempotencyConflict} of its key. A key
     * used earlier (or earlier in the batch) answers its earlier receipt. The keys are looked up in one
     * query, and the topics taken in name order, so that two such transactions lock the topics' rows in
     * the same order and never wait for each other in a cycle. The outcomes are those of the
     * publications committed one by one in the batch's order: a key that the batch uses for two topics
     * belongs to the topic it was used for first (in the log, else in the batch), and is a conflict for
     * the other.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public List<Object> appendAcross(List<Publication> publications) {
        Map<IdempotencyKey, IdempotencyRecord> used = recordsOf(publications);
        Object[] outcomes = new Object[publications.size()];
        Map<IdempotencyKey, String> ownerOfKey = ownersOfKeysUsedForSeveralTopics(publications, used);
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
            List<Object> appended = appendToTopic(topic, indexes.stream().map(publications::get).toList(), used);
            for (int n = 0; n < indexes.size(); n++) {
                outcomes[indexes.get(n)] = appended.get(n);
            }
        });
        return Arrays.asList(outcomes);
    }

    /** The topic each key that the batch uses for more than one topic belongs to: the log's, else its first use's. */
    private static Map<IdempotencyKey, String> ownersOfKeysUsedForSeveralTopics(
            List<Publication> publications, Map<IdempotencyKey, IdempotencyRecord> used) {
        Map<IdempotencyKey, String> firstTopic = new HashMap<>();
        Map<IdempotencyKey, String> owners = new HashMap<>();
        for (Publication publication : publications) {
            IdempotencyKey key = publication.key();
            if (key == null) {
                continue;
            }
            String first = firstTopic.putIfAbsent(key, publication.topic());
            if (first != null && !first.equals(publication.topic()) && !owners.containsKey(key)) {
                IdempotencyRecord record = used.get(key);
                owners.put(key, record == null ? first : record.topic());
            }
        }
        return owners;
    }

    /** The publications of one topic, in the caller's transaction, which locks the topic's row. */
    private List<Object> appendToTopic(String topic, List<Publication> publications,
                                       Map<IdempotencyKey, IdempotencyRecord> used) {
        Object[] outcomes = new Object[publications.size()];
        Map<IdempotencyKey, Integer> firstWithKey = new HashMap<>();
        List<Integer> fresh = new ArrayList<>();
        List<String> fingerprints = new ArrayList<>();
        for (int i = 0; i < publications.size(); i++) {
            Publication publication = publications.get(i);
            IdempotencyKey key = publication.key();
            if (key == null) {
                fresh.add(i);
                fingerprints.add(null);
                continue;
            }
            String fingerprint = IdempotencyKey.fingerprint(topic, publication.payload(), publication.requiresAck());
            try {
                Integer first = firstWithKey.get(key);
                if (first != null) {
                    outcomes[i] = sameAsEarlierInBatch(publications.get(first), publication, key, fingerprint);
                    continue;
                }
                IdempotencyRecord record = used.get(key);
                if (record != null) {
                    outcomes[i] = earlierReceipt(record, key, topic, fingerprint);
                    continue;
                }
            } catch (IdempotencyConflict conflict) {
                outcomes[i] = conflict;
                continue;
            }
            firstWithKey.put(key, i);
            fresh.add(i);
            fingerprints.add(fingerprint);
        }
        List<StreamEvent> events = log.append(topic, fresh.stream()
                .map(i -> new EventDraft(publications.get(i).payload(), publications.get(i).requiresAck()))
                .toList());
        for (int n = 0; n < events.size(); n++) {
            StreamEvent event = events.get(n);
            IdempotencyKey key = publications.get(fresh.get(n)).key();
            if (key != null) {
                em.persist(new IdempotencyRecord(key.scope(), key.key(), topic, fingerprints.get(n), event.seq(),
                        event.epoch(), event.id()));
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
        IdempotencyRecord record = em.find(IdempotencyRecord.class, new IdempotencyRecord.Key(key.scope(), key.key()));
        return record == null ? Optional.empty() : Optional.of(earlierReceipt(record, key, topic, fingerprint));
    }

    private static Receipt earlierReceipt(IdempotencyRecord record, IdempotencyKey key, String topic, String fingerprint) {
        if (!record.topic().equals(topic) || record.fingerprint() != null && !record.fingerprint().equals(fingerprint)) {
            throw new IdempotencyConflict(key.key());
        }
        return new Receipt(topic, record.seq(), record.epoch(), record.eventId(), true);
    }

    /**
     * The rows of the publications' keys that were used before: one query for up to
     * {@value #KEYS_PER_QUERY} keys, a look-up of the primary key per key joined with {@code UNION ALL},
     * which stays a look-up of the key in whatever plan the database keeps for the prepared statement.
     * (PostgreSQL planned {@code scope IN (…) AND idem_key IN (…)} with parameters as a scan of the whole
     * index, 12 ms, and pairs under {@code OR} first prepared on a small table as a scan of the table.)
     * The look-ups are padded to a power of two, repeating the last, so that few shapes are prepared.
     */
    private Map<IdempotencyKey, IdempotencyRecord> recordsOf(List<Publication> publications) {
        List<IdempotencyKey> keys = publications.stream().map(Publication::key).filter(k -> k != null)
                .distinct().toList();
        Map<IdempotencyKey, IdempotencyRecord> used = new HashMap<>();
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            List<IdempotencyKey> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
            int lookUps = Integer.highestOneBit(chunk.size() * 2 - 1);
            StringBuilder sql = new StringBuilder();
            for (int n = 0; n < lookUps; n++) {
                sql.append(n == 0 ? "" : " UNION ALL ").append("SELECT scope, idem_key, topic, seq, epoch, event_id,"
                        + " created_at, fingerprint FROM sw_idempotency WHERE scope = ? AND idem_key = ?");
            }
            Query query = em.createNativeQuery(sql.toString(), IdempotencyRecord.class);
            for (int n = 0; n < lookUps; n++) {
                IdempotencyKey key = chunk.get(Math.min(n, chunk.size() - 1));
                query.setParameter(2 * n + 1, key.scope()).setParameter(2 * n + 2, key.key());
            }
            for (Object row : query.getResultList()) {
                IdempotencyRecord record = (IdempotencyRecord) row;
                used.put(new IdempotencyKey(record.scope(), record.key()), record);
            }
        }
        return used;
    }
}
