package io.surewire.delivery.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * Events a client did not acknowledge after every retry: who, which topic, which seqs, when and why;
 * and, once an operator dealt with it, when and how ({@code resolved} or {@code replayed}).
 */
@Entity
@Table(name = "sw_delivery_failure", indexes = @Index(name = "sw_delivery_failure_at", columnList = "failed_at"))
public class DeliveryFailure {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "client_id", length = 64, nullable = false)
    private String clientId;

    @Column(name = "topic", length = 200, nullable = false)
    private String topic;

    @Column(name = "from_seq", nullable = false)
    private long fromSeq;

    @Column(name = "to_seq", nullable = false)
    private long toSeq;

    @Column(name = "failed_at", nullable = false)
    private Instant failedAt;

    @Column(name = "reason", length = 500, nullable = false)
    private String reason;

    @Column(name = "resolved_at")
    private Instant resolvedAt;

    @Column(name = "resolution", length = 20)
    private String resolution;

    protected DeliveryFailure() {
    }

    public DeliveryFailure(String clientId, String topic, long fromSeq, long toSeq, String reason) {
        this.id = UUID.randomUUID().toString();
        this.clientId = clientId;
        this.topic = topic;
        this.fromSeq = fromSeq;
        this.toSeq = toSeq;
        this.failedAt = Instant.now();
        this.reason = reason.length() > 500 ? reason.substring(0, 500) : reason;
    }

    public String id() {
        return id;
    }

    public String clientId() {
        return clientId;
    }

    public String topic() {
        return topic;
    }

    public long fromSeq() {
        return fromSeq;
    }

    public long toSeq() {
        return toSeq;
    }

    public Instant failedAt() {
        return failedAt;
    }

    public String reason() {
        return reason;
    }

    /** When an operator resolved it; {@code null} while it is open. */
    public Instant resolvedAt() {
        return resolvedAt;
    }

    /** {@link #RESOLVED} or {@link #REPLAYED}; {@code null} while it is open. */
    public String resolution() {
        return resolution;
    }

    public boolean isOpen() {
        return resolvedAt == null;
    }

    /** Marked resolved by an operator. */
    public static final String RESOLVED = "resolved";
    /** Its events replayed: the client's cursor was moved back before them. */
    public static final String REPLAYED = "replayed";

    public void resolve(String resolution, Instant at) {
        this.resolution = resolution;
        this.resolvedAt = at;
    }
}
