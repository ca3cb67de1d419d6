package io.surewire.stream.entity;

import io.surewire.stream.entity.StreamEvent;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One committed event as stored: the row behind a {@link StreamEvent}. */
@Entity
@Table(name = "sw_event", indexes = @Index(name = "sw_event_ts", columnList = "topic, ts"))
@IdClass(EventRecord.Key.class)
public class EventRecord {

    @Id
    @Column(name = "topic", length = 200)
    private String topic;

    @Id
    @Column(name = "seq")
    private long seq;

    @Column(name = "epoch", nullable = false)
    private long epoch;

    @Column(name = "id", length = 36, nullable = false, unique = true)
    private String id;

    @Column(name = "ts", nullable = false)
    private Instant ts;

    @Column(name = "requires_ack", nullable = false)
    private boolean requiresAck;

    @Lob
    @Column(name = "payload", nullable = false)
    private String payload;

    protected EventRecord() {
    }

    public EventRecord(StreamEvent event) {
        this.topic = event.topic();
        this.seq = event.seq();
        this.epoch = event.epoch();
        this.id = event.id();
        this.ts = event.ts();
        this.requiresAck = event.requiresAck();
        this.payload = event.payload();
    }

    public StreamEvent toEvent() {
        return new StreamEvent(topic, seq, epoch, id, ts, requiresAck, payload);
    }

    /** The primary key: topic and seq. */
    public static class Key implements Serializable {
        private String topic;
        private long seq;

        public Key() {
        }

        public Key(String topic, long seq) {
            this.topic = topic;
            this.seq = seq;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && seq == k.seq && Objects.equals(topic, k.topic);
        }

        @Override
        public int hashCode() {
            return Objects.hash(topic, seq);
        }
    }
}
