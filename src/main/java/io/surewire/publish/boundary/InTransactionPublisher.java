package io.surewire.publish.boundary;

import io.surewire.protocol.Names;
import io.surewire.stream.boundary.EventLog;
import io.surewire.stream.entity.StreamEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;

/**
 * The publisher for code inside the application: inject it and append in your own transaction.
 * The event commits or rolls back with your writes, and is broadcast only after the commit.
 *
 * <pre>
 * &#64;Inject InTransactionPublisher publisher;
 *
 * &#64;Transactional
 * void checkIn(Appointment a) {
 *     a.setState(PRESENT);
 *     publisher.append("appointments/" + a.day(), Json.createObjectBuilder().add("id", a.id()).build());
 * }
 * </pre>
 */
@ApplicationScoped
public class InTransactionPublisher {

    @Inject
    EventLog log;

    /** Appends {@code payload} to {@code topic} in the caller's transaction (a new one when there is none). */
    @Transactional(Transactional.TxType.REQUIRED)
    public StreamEvent append(String topic, JsonValue payload) {
        if (!Names.isTopic(topic)) {
            throw new IllegalArgumentException("not a topic name: " + topic);
        }
        return log.append(topic, payload.toString(), true);
    }
}
