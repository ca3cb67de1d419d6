package io.surewire.publish.boundary;

import io.surewire.publish.control.IdempotencyConflict;
import io.surewire.publish.control.IdempotencyKey;
import io.surewire.publish.control.Receipt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Publishes an event in a transaction of its own and returns once it is committed. With an
 * idempotency key, the same key always answers the same seq, even when two publishes race.
 */
@ApplicationScoped
public class Publisher {

    @Inject
    Appender appender;

    /** {@code key} may be {@code null}. Throws {@link IdempotencyConflict} for a key used for another publish. */
    public Receipt publish(String topic, String payload, boolean requiresAck, IdempotencyKey key) {
        try {
            return appender.append(topic, payload, requiresAck, key);
        } catch (IdempotencyConflict conflict) {
            throw conflict;
        } catch (RuntimeException failed) {
            // a concurrent publish with the same key committed first: answer what it committed
            Optional<Receipt> earlier = key == null ? Optional.empty()
                    : earlierOrNothing(key, topic, IdempotencyKey.fingerprint(topic, payload, requiresAck));
            return earlier.orElseThrow(() -> failed);
        }
    }

    private Optional<Receipt> earlierOrNothing(IdempotencyKey key, String topic, String fingerprint) {
        try {
            return appender.earlier(key, topic, fingerprint);
        } catch (IdempotencyConflict conflict) {
            throw conflict;
        } catch (RuntimeException unavailable) {
            return Optional.empty();
        }
    }
}
