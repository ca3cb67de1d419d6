package io.surewire.delivery.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** The durable cursor of one client in one topic: the last seq it acknowledged, in which epoch. */
@Entity
@Table(name = "sw_cursor")
@IdClass(CursorRecord.Key.class)
public class CursorRecord {

    @Id
    @Column(name = "client_id", length = 64)
    private String clientId;

    @Id
    @Column(name = "topic", length = 200)
    private String topic;

    @Column(name = "epoch", nullable = false)
    private long epoch;

    @Column(name = "acked_seq", nullable = false)
    private long ackedSeq;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected CursorRecord() {
    }

    public CursorRecord(String clientId, String topic, long epoch, long ackedSeq) {
        this.clientId = clientId;
        this.topic = topic;
        this.epoch = epoch;
        this.ackedSeq = ackedSeq;
        this.updatedAt = Instant.now();
    }

    public long epoch() {
        return epoch;
    }

    public long ackedSeq() {
        return ackedSeq;
    }

    /** Moves the cursor forward, never back; a new epoch starts it over. */
    public void advance(long epoch, long seq) {
        if (epoch != this.epoch) {
            this.epoch = epoch;
            this.ackedSeq = seq;
        } else {
            this.ackedSeq = Math.max(this.ackedSeq, seq);
        }
        this.updatedAt = Instant.now();
    }

    public static class Key implements Serializable {
        private String clientId;
        private String topic;

        public Key() {
        }

        public Key(String clientId, String topic) {
            this.clientId = clientId;
            this.topic = topic;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(clientId, k.clientId) && Objects.equals(topic, k.topic);
        }

        @Override
        public int hashCode() {
            return Objects.hash(clientId, topic);
        }
    }
}
