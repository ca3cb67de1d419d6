package io.surewire.delivery.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * How far the JMS events relay has sent one topic: every event of {@code epoch} up to {@code seq}
 * is on the JMS topic. Written in the transaction that sends, so a relay that stops in mid-batch
 * sends that batch again, never a part of it twice.
 */
@Entity
@Table(name = "sw_relay_position")
public class RelayPosition {

    @Id
    @Column(name = "topic", length = 200)
    private String topic;

    @Column(name = "epoch", nullable = false)
    private long epoch;

    @Column(name = "seq", nullable = false)
    private long seq;

    protected RelayPosition() {
    }

    /** A topic the relay has sent nothing of yet. */
    public RelayPosition(String topic, long epoch) {
        this.topic = topic;
        this.epoch = epoch;
    }

    public long epoch() {
        return epoch;
    }

    public long seq() {
        return seq;
    }

    /** The event {@code seq} of {@code epoch} was sent. */
    public void sent(long epoch, long seq) {
        this.epoch = epoch;
        this.seq = seq;
    }

    /** The topic began a new life: nothing of it is sent yet. */
    public void restart(long epoch) {
        this.epoch = epoch;
        this.seq = 0;
    }
}
