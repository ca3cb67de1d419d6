package io.surewire.publish.boundary;

import io.surewire.platform.SurewireConfig;
import io.surewire.publish.control.GroupCommit;
import io.surewire.publish.control.IdempotencyConflict;
import io.surewire.publish.control.IdempotencyKey;
import io.surewire.publish.control.Publication;
import io.surewire.publish.control.Receipt;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Publishes an event in a transaction of its own, which it commits, and returns once it is committed:
 * the publishes of WebSocket connections and of the HTTP API. With an idempotency key, the same key
 * always answers the same seq, even when two publishes race.
 * Publishes to one topic that arrive while a transaction of that topic is under way are committed
 * together in the next one (a group commit, at most {@code surewire.publish.group-commit.max-events}):
 * one lock of the topic's row and one commit for all of them, and each caller still gets its own
 * seq and receipt after the commit.
 */
@ApplicationScoped
public class PublishCommitter {

    /** What one publish of a batch came to: a receipt, or a failure to throw, or to try alone. */
    private record Outcome(Receipt receipt, RuntimeException failure, boolean alone) {
    }

    @Inject
    IdempotentAppender appender;

    @Inject
    SurewireConfig config;

    private GroupCommit<Publication, Outcome> group;

    @PostConstruct
    void init() {
        group = new GroupCommit<>(config.groupCommitMaxEvents());
    }

    /** {@code key} may be {@code null}. Throws {@link IdempotencyConflict} for a key used for another publish. */
    public Receipt publish(String topic, String payload, boolean requiresAck, IdempotencyKey key) {
        Publication publication = new Publication(topic, payload, requiresAck, key);
        Outcome outcome = group.submit(topic, publication, this::commit, failed -> new Outcome(null, failed,
                key != null));
        if (outcome.alone()) {
            return publishAlone(publication);
        }
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
        return outcome.receipt();
    }

    private List<Outcome> commit(List<Publication> batch) {
        if (batch.size() == 1) {
            try {
                return List.of(new Outcome(publishAlone(batch.get(0)), null, false));
            } catch (RuntimeException failed) {
                return List.of(new Outcome(null, failed, false));
            }
        }
        return appender.appendAll(batch.get(0).topic(), batch).stream()
                .map(o -> o instanceof Receipt r ? new Outcome(r, null, false)
                        : new Outcome(null, (RuntimeException) o, false))
                .toList();
    }

    /**
     * One publish in a transaction of its own. A batch that failed as a whole is tried again this way
     * when the publish has a key: the failure may have been another publish's race on its key.
     */
    private Receipt publishAlone(Publication publication) {
        IdempotencyKey key = publication.key();
        try {
            return appender.append(publication.topic(), publication.payload(), publication.requiresAck(), key);
        } catch (IdempotencyConflict conflict) {
            throw conflict;
        } catch (RuntimeException failed) {
            // a concurrent publish with the same key committed first: answer what it committed
            Optional<Receipt> earlier = key == null ? Optional.empty() : earlierOrNothing(key, publication.topic(),
                    IdempotencyKey.fingerprint(publication.topic(), publication.payload(), publication.requiresAck()));
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
