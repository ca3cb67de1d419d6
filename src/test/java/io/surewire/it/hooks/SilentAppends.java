package io.surewire.it.hooks;

import io.surewire.security.boundary.Access;
import io.surewire.stream.boundary.Topics;
import io.surewire.stream.entity.EventRecord;
import io.surewire.stream.entity.StreamEvent;
import io.surewire.stream.entity.Topic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.UUID;

/**
 * Test-only: commits an event to the log exactly as an append does, but with its live notification
 * suppressed: what a transaction that recovery committed after a crash, or one whose observer
 * failed, leaves behind.
 */
@Access(Access.Need.OPEN)
@Path("it/silent-append")
@ApplicationScoped
public class SilentAppends {

    @PersistenceContext(unitName = "surewire")
    EntityManager em;

    @Inject
    Topics topics;

    @POST
    @Transactional
    public Response append(@QueryParam("topic") String topic) {
        Topic row = em.find(Topic.class, topic, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            topics.create(topic);
            row = em.find(Topic.class, topic, LockModeType.PESSIMISTIC_WRITE);
        }
        StreamEvent event = new StreamEvent(topic, row.nextSeq(), row.epoch(), UUID.randomUUID().toString(),
                Instant.now(), true, "{\"silent\":true}");
        em.persist(new EventRecord(event));
        return Response.ok("{\"seq\":" + event.seq() + "}").build();
    }
}
