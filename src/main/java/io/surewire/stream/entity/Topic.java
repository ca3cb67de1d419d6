package io.surewire.stream.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One topic: its name, the epoch of its current life and the last seq committed in it. */
@Entity
@Table(name = "sw_topic")
public class Topic {

    @Id
    @Column(name = "name", length = 200)
    private String name;

    @Column(name = "epoch", nullable = false)
    private long epoch;

    @Column(name = "last_seq", nullable = false)
    private long lastSeq;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Topic() {
    }

    public Topic(String name, long epoch, Instant createdAt) {
        this.name = name;
        this.epoch = epoch;
        this.createdAt = createdAt;
    }

    public String name() {
        return name;
    }

    public long epoch() {
        return epoch;
    }

    public long lastSeq() {
        return lastSeq;
    }

    /** Takes the next seq; only under the row lock of the appending transaction. */
    public long nextSeq() {
        return ++lastSeq;
    }
}
