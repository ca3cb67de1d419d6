package io.surewire.demo.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

/** One appointment of the board. The version makes concurrent changes conflict instead of overwriting. */
@Entity
@Table(name = "sw_appointment", indexes = @Index(name = "sw_appointment_day", columnList = "appointment_date"))
public class Appointment {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "appointment_date", nullable = false)
    private LocalDate day;

    @Column(name = "appointment_time", nullable = false)
    private LocalTime time;

    @Column(name = "patient", length = 200, nullable = false)
    private String patient;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", length = 20, nullable = false)
    private AppointmentState state;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Appointment() {
    }

    public Appointment(LocalDate day, LocalTime time, String patient) {
        this.id = UUID.randomUUID().toString();
        this.day = day;
        this.time = time;
        this.patient = patient;
        this.state = AppointmentState.SCHEDULED;
        this.updatedAt = Instant.now();
    }

    public String id() {
        return id;
    }

    public LocalDate day() {
        return day;
    }

    public LocalTime time() {
        return time;
    }

    public String patient() {
        return patient;
    }

    public AppointmentState state() {
        return state;
    }

    public long version() {
        return version;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public void moveTo(AppointmentState next) {
        this.state = next;
        this.updatedAt = Instant.now();
    }
}
