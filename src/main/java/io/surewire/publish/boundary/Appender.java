package io.surewire.publish.boundary;

import io.surewire.publish.control.IdempotencyConflict;
import io.surewire.publish.control.IdempotencyKey;
import io.surewire.publish.control.Receipt;
import io.surewire.publish.entity.IdempotencyRecord;
import io.surewire.stream.boundary.EventLog;
import io.surewire.stream.control.StreamEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** Appends one event and records its idempotency key, both in one transaction (the caller's, if any). */
@ApplicationScoped
public class Appender {

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
     * The receipt of an earlier publish with this key, as a duplicate; a conflict when the key was
     * used for another publish ({@code fingerprint} of {@link IdempotencyKey#fingerprint}).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Receipt> earlier(IdempotencyKey key, String topic, String fingerprint) {
        IdempotencyRecord record = em.find(IdempotencyRecord.class, new IdempotencyRecord.Key(key.scope(), key.key()));
        if (record == null) {
            return Optional.empty();
        }
        if (!record.topic().equals(topic) || record.fingerprint() != null && !record.fingerprint().equals(fingerprint)) {
            throw new IdempotencyConflict(key.key());
        }
        return Optional.of(new Receipt(topic, record.seq(), record.epoch(), record.eventId(), true));
    }
}
