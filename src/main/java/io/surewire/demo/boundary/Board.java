package io.surewire.demo.boundary;

import io.surewire.demo.control.BoardTopic;
import io.surewire.demo.entity.Appointment;
import io.surewire.demo.entity.AppointmentState;
import io.surewire.platform.ApiError;
import io.surewire.protocol.JsonBuilders;
import io.surewire.publish.boundary.InTransactionPublisher;
import io.surewire.stream.boundary.EventLog;
import io.surewire.stream.entity.TopicState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * The appointment board. A state change and its event are one transaction: the event is broadcast
 * only once both are committed, and a refused or conflicting change leaves neither.
 */
@ApplicationScoped
public class Board {

    @PersistenceContext(unitName = "surewire")
    EntityManager em;

    @Inject
    EventLog log;

    @Inject
    InTransactionPublisher publisher;

    /**
     * {@code {"date","topic","epoch","last_seq","appointments"}}. The topic's position is read before
     * the appointments, so the snapshot is at least as new as {@code last_seq}: a client that subscribes
     * with {@code since = last_seq} may see a change twice, never miss one.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public JsonObject snapshot(LocalDate day) {
        TopicState state = log.state(BoardTopic.of(day));
        JsonArrayBuilder appointments = JsonBuilders.array();
        ofDay(day).forEach(a -> appointments.add(BoardTopic.json(a)));
        return JsonBuilders.object()
                .add("date", day.toString())
                .add("topic", BoardTopic.of(day))
                .add("epoch", state.epoch())
                .add("last_seq", state.lastSeq())
                .add("appointments", appointments)
                .build();
    }

    /**
     * Moves an appointment to {@code next}: 404 when it does not exist, 409 when the transition is not
     * allowed or when {@code expectedVersion} (if given) is not the current one, or when another change
     * commits first. On success the write is read back before the event is appended.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public JsonObject changeState(String id, AppointmentState next, Long expectedVersion) {
        Appointment appointment = em.find(Appointment.class, id);
        if (appointment == null) {
            throw new ApiError(404, "not_found", "no appointment " + id);
        }
        if (expectedVersion != null && expectedVersion != appointment.version()) {
            throw conflict(appointment, "the appointment changed (version " + appointment.version() + ", not "
                    + expectedVersion + ")");
        }
        if (!appointment.state().canBecome(next)) {
            throw conflict(appointment, "an appointment that is " + appointment.state().wire() + " cannot become "
                    + next.wire());
        }
        appointment.moveTo(next);
        try {
            em.flush();
        } catch (OptimisticLockException concurrent) {
            // this transaction can only roll back now: the current appointment is read after it (see refusal)
            throw new ApiError(409, "conflict", "the appointment was changed by someone else at the same time");
        }
        em.refresh(appointment);
        if (appointment.state() != next) {
            throw new IllegalStateException("appointment " + id + " reads back as " + appointment.state());
        }
        JsonObject json = BoardTopic.json(appointment);
        publisher.append(BoardTopic.of(appointment.day()), JsonBuilders.object()
                .add("kind", "appointment")
                .add("appointment", json)
                .build());
        return json;
    }

    /** Adds an appointment to a day's board, announced like any change. */
    @Transactional(Transactional.TxType.REQUIRED)
    public JsonObject add(LocalDate day, LocalTime time, String patient) {
        Appointment appointment = new Appointment(day, time, patient);
        em.persist(appointment);
        em.flush();
        JsonObject json = BoardTopic.json(appointment);
        publisher.append(BoardTopic.of(day), JsonBuilders.object().add("kind", "appointment").add("appointment", json).build());
        return json;
    }

    /** A refused change answered with the appointment as it now is, read after the refused transaction. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public ApiError refusal(String id, ApiError refused) {
        Appointment current = em.find(Appointment.class, id);
        return current == null || refused.detail() != null ? refused : conflict(current, refused.getMessage());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Appointment> ofDay(LocalDate day) {
        return em.createQuery("SELECT a FROM Appointment a WHERE a.day = :day ORDER BY a.time, a.patient", Appointment.class)
                .setParameter("day", day)
                .getResultList();
    }

    private static ApiError conflict(Appointment current, String message) {
        return new ApiError(409, "conflict", message, JsonBuilders.object()
                .add("code", "conflict")
                .add("message", message)
                .add("appointment", BoardTopic.json(current))
                .build());
    }
}
