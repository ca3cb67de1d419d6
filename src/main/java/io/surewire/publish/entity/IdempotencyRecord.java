package io.surewire.publish.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * An idempotency key that was used, and the event it committed. Written in the same transaction
 * as the event, so a key is recorded exactly when its event is committed.
 */
@Entity
@Table(name = "sw_idempotency", indexes = @Index(name = "sw_idempotency_created", columnList = "created_at"))
@IdClass(IdempotencyRecord.Key.class)
public class IdempotencyRecord {

    @Id
    @Column(name = "scope", length = 80)
    private String scope;

    @Id
    @Column(name = "idem_key", length = 128)
    private String key;

    @Column(name = "topic", length = 200, nullable = false)
    private String topic;

    @Column(name = "seq", nullable = false)
    private long seq;

    @Column(name = "epoch", nullable = false)
    private long epoch;

    @Column(name = "event_id", length = 36)
    private String eventId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** What was published under the key ({@link io.surewire.publish.control.IdempotencyKey#fingerprint}); null in rows older than it. */
    @Column(name = "fingerprint", length = 64)
    private String fingerprint;

    protected IdempotencyRecord() {
    }

    /** The key of an event appended in the same transaction. */
    public IdempotencyRecord(String scope, String key, String topic, String fingerprint, long seq, long epoch,
                             String eventId) {
        this.scope = scope;
        this.key = key;
        this.topic = topic;
        this.fingerprint = fingerprint;
        this.seq = seq;
        this.epoch = epoch;
        this.eventId = eventId;
        this.createdAt = Instant.now();
    }

    public String scope() {
        return scope;
    }

    public String key() {
        return key;
    }

    public String topic() {
        return topic;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public long seq() {
        return seq;
    }

    public long epoch() {
        return epoch;
    }

    public String eventId() {
        return eventId;
    }

    public static class Key implements Serializable {
        private String scope;
        private String key;

        public Key() {
        }

        public Key(String scope, String key) {
            this.scope = scope;
            this.key = key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(scope, k.scope) && Objects.equals(key, k.key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(scope, key);
        }
    }
}
