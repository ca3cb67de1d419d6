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
 * Publishes that arrive while a transaction of their lane is under way are committed together in the
 * next one (a group commit, at most {@code surewire.publish.group-commit.max-events}, several callers'
 * and each caller's several, as a connection's publish lane hands them over): one commit for all of
 * them, one lock of each topic's row, and each caller still gets its own seq and receipt after the
 * commit. A topic always takes the same lane of {@code surewire.publish.group-commit.lanes}, so its
 * publishes commit one transaction after another, in the order they came; publishes to other topics of
 * the lane share those transactions, which lock their topics' rows in name order.
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
    private int lanes;

    @PostConstruct
    void init() {
        group = new GroupCommit<>(config.groupCommitMaxEvents(), List::size);
        lanes = config.groupCommitLanes();
        if (lanes < 0) {
            throw new IllegalArgumentException("surewire.publish.group-commit.lanes must be 0 or more, not " + lanes);
        }
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
     * Publishes to one topic, committed together and in this order (with whatever else waits in the
     * topic's lane), once they are committed: one outcome per publication, a {@link Receipt} or the
     * {@link RuntimeException} it failed with ({@link IdempotencyConflict} for a key used for another
     * publish).
     */
    public List<Object> publishAll(String topic, List<Publication> publications) {
        return inLane(laneOf(topic), publications);
    }

    /** Publications whose topics share a lane, through its group commit, in this order. */
    private List<Object> inLane(String lane, List<Publication> publications) {
        Committed committed = group.submit(lane, publications, this::commit, failed -> new Committed(null, failed));
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
     * Publishes to any number of topics, committed together in one transaction (a connection's publish
     * lane hands over what waited, whatever its topics): through the group commit of {@link #publishAll}
     * when their topics share a lane, in a transaction of their own when they do not. One outcome per
     * publication, in order, as {@code publishAll}'s.
     */
    public List<Object> publishTogether(List<Publication> publications) {
        String lane = laneOf(publications.get(0).topic());
        if (publications.stream().allMatch(p -> laneOf(p.topic()).equals(lane))) {
            return inLane(lane, publications);
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

    /** How many publish requests wait for the next transaction of their lane (a caller's several count once). */
    public int publishesWaiting() {
        return group.waitingRequests();
    }

    /** The group commit's lane of a topic: the topic itself when every topic has its own. */
    private String laneOf(String topic) {
        return lanes == 0 ? topic : Integer.toString(Math.floorMod(topic.hashCode(), lanes));
    }

    /**
     * The publications of several callers in one transaction, of one topic or of several; each caller's
     * outcomes in its order.
     */
    private List<Committed> commit(List<List<Publication>> requests) {
        List<Publication> all = requests.stream().flatMap(List::stream).toList();
        List<Object> appended = all.size() == 1 ? List.of(alone(all.get(0))) : appender.appendAcross(all);
        List<Outcome> outcomes = appended.stream()
                .map(o -> o instanceof Receipt r ? new Outcome(r, null) : new Outcome(null, (RuntimeException) o))
                .toList();
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
