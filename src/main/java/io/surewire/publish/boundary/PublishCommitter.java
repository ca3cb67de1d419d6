package io.surewire.publish.boundary;

import io.surewire.platform.Failures;
import io.surewire.platform.SurewireConfig;
import io.surewire.publish.control.GroupCommit;
import io.surewire.publish.control.IdempotencyConflict;
import io.surewire.publish.control.IdempotencyKey;
import io.surewire.publish.control.Publication;
import io.surewire.publish.control.Receipt;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Publishes an event in a transaction of its own, which it commits, and returns once it is committed:
 * the publishes of WebSocket connections and of the HTTP API. With an idempotency key, the same key
 * always answers the same seq, even when two publishes race.
 * Publishes to one topic that arrive while a transaction of that topic is under way are committed
 * together in the next one (a group commit, at most {@code surewire.publish.group-commit.max-events},
 * several callers' and each caller's several, as a connection's publish lane hands them over):
 * one lock of the topic's row and one commit for all of them, and each caller still gets its own
 * seq and receipt after the commit.
 */
@ApplicationScoped
public class PublishCommitter {

    /** What one publish of a batch came to: a receipt, or a failure to throw. */
    private record Outcome(Receipt receipt, RuntimeException failure) {
    }

    /** What one caller's publications came to: an outcome each, or the failure of the whole batch. */
    private record Committed(List<Outcome> outcomes, RuntimeException failure) {
    }

    @Inject
    IdempotentAppender appender;

    @Inject
    SurewireConfig config;

    private GroupCommit<List<Publication>, Committed> group;

    @PostConstruct
    void init() {
        group = new GroupCommit<>(config.groupCommitMaxEvents(), List::size);
    }

    /** {@code key} may be {@code null}. Throws {@link IdempotencyConflict} for a key used for another publish. */
    public Receipt publish(String topic, String payload, boolean requiresAck, IdempotencyKey key) {
        Object outcome = publishAll(topic, List.of(new Publication(topic, payload, requiresAck, key))).get(0);
        if (outcome instanceof Receipt receipt) {
            return receipt;
        }
        throw (RuntimeException) outcome;
    }

    /**
     * Publishes to one topic, committed together and in this order (with whatever else waits for the
     * topic), once they are committed: one outcome per publication, a {@link Receipt} or the
     * {@link RuntimeException} it failed with ({@link IdempotencyConflict} for a key used for another
     * publish).
     */
    public List<Object> publishAll(String topic, List<Publication> publications) {
        Committed committed = group.submit(topic, publications, this::commit, failed -> new Committed(null, failed));
        if (committed.failure() != null) {
            return afterBatchFailed(publications, committed.failure());
        }
        List<Object> outcomes = new ArrayList<>(publications.size());
        for (Outcome outcome : committed.outcomes()) {
            outcomes.add(outcome.receipt() != null ? outcome.receipt() : outcome.failure());
        }
        return outcomes;
    }

    /**
     * Publishes to any number of topics, committed together in one transaction when they are for
     * several (a connection's publish lane hands over what waited, whatever its topics), through the
     * group commit of {@link #publishAll} when they are for one: one outcome per publication, in order,
     * as {@code publishAll}'s.
     */
    public List<Object> publishTogether(List<Publication> publications) {
        String topic = publications.get(0).topic();
        if (publications.stream().allMatch(p -> p.topic().equals(topic))) {
            return publishAll(topic, publications);
        }
        try {
            return appender.appendAcross(publications);
        } catch (RuntimeException failed) {
            return afterBatchFailed(publications, failed);
        }
    }

    /**
     * The outcomes of publications whose batch failed as a whole: each that may have lost a race on its
     * key is tried alone, the others fail with the batch.
     */
    private List<Object> afterBatchFailed(List<Publication> publications, RuntimeException failed) {
        List<Object> outcomes = new ArrayList<>(publications.size());
        for (Publication publication : publications) {
            outcomes.add(mayBeARace(publication, failed) ? alone(publication) : failed);
        }
        return outcomes;
    }

    /** The publications of several callers in one transaction; each caller's outcomes in its order. */
    private List<Committed> commit(List<List<Publication>> requests) {
        List<Publication> all = requests.stream().flatMap(List::stream).toList();
        List<Outcome> outcomes;
        if (all.size() == 1) {
            Object single = alone(all.get(0));
            outcomes = List.of(single instanceof Receipt r ? new Outcome(r, null)
                    : new Outcome(null, (RuntimeException) single));
        } else {
            outcomes = appender.appendAll(all.get(0).topic(), all).stream()
                    .map(o -> o instanceof Receipt r ? new Outcome(r, null)
                            : new Outcome(null, (RuntimeException) o))
                    .toList();
        }
        List<Committed> committed = new ArrayList<>(requests.size());
        int from = 0;
        for (List<Publication> request : requests) {
            committed.add(new Committed(outcomes.subList(from, from + request.size()), null));
            from += request.size();
        }
        return committed;
    }

    /**
     * Whether a publish that failed may have lost a race on its idempotency key, so that trying it
     * alone, or reading what the race committed, answers it. Not when the database connection itself
     * was lost: another attempt would wait for the pool again, once per publish of the batch, while
     * every publish behind them waits too; the publisher gets {@code unavailable} and tries again.
     */
    private static boolean mayBeARace(Publication publication, RuntimeException failure) {
        return publication.key() != null && !Failures.isConnectionLost(failure);
    }

    /** {@link #publishAlone}, its failure as the outcome. */
    private Object alone(Publication publication) {
        try {
            return publishAlone(publication);
        } catch (RuntimeException failed) {
            return failed;
        }
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
            Optional<Receipt> earlier = !mayBeARace(publication, failed) ? Optional.empty() : earlierOrNothing(key, publication.topic(),
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
