package io.surewire.demo.boundary;

import io.surewire.demo.control.BoardTopic;
import io.surewire.demo.entity.Appointment;
import io.surewire.stream.boundary.EventLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * The day's demo appointments, when the day has none. Nodes that start together seed a day once:
 * each holds the lock of the day's topic while it counts and inserts.
 */
@ApplicationScoped
public class Seeder {

    private static final List<String> PATIENTS = List.of("Ada Lovelace", "Alan Turing", "Grace Hopper",
            "Edsger Dijkstra", "Barbara Liskov", "Donald Knuth", "Margaret Hamilton", "Tony Hoare");

    @PersistenceContext(unitName = "surewire")
    EntityManager em;

    @Inject
    EventLog log;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int seed(LocalDate day) {
        log.lock(BoardTopic.of(day));
        long existing = em.createQuery("SELECT COUNT(a) FROM Appointment a WHERE a.day = :day", Long.class)
                .setParameter("day", day).getSingleResult();
        if (existing > 0) {
            return 0;
        }
        for (int i = 0; i < PATIENTS.size(); i++) {
            em.persist(new Appointment(day, LocalTime.of(8, 0).plusMinutes(30L * i), PATIENTS.get(i)));
        }
        return PATIENTS.size();
    }
}
