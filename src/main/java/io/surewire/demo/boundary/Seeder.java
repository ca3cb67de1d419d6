package io.surewire.demo.boundary;

import io.surewire.demo.entity.Appointment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/** The day's demo appointments, when the day has none. */
@ApplicationScoped
public class Seeder {

    private static final List<String> PATIENTS = List.of("Ada Lovelace", "Alan Turing", "Grace Hopper",
            "Edsger Dijkstra", "Barbara Liskov", "Donald Knuth", "Margaret Hamilton", "Tony Hoare");

    @PersistenceContext(unitName = "surewire")
    EntityManager em;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int seed(LocalDate day) {
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
