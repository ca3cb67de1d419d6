package io.surewire.ops.boundary;

import io.surewire.delivery.boundary.CursorStore;
import io.surewire.delivery.boundary.CursorTable;
import io.surewire.delivery.boundary.DeliveryFailures;
import io.surewire.delivery.entity.DeliveryFailure;
import io.surewire.stream.boundary.EventLog;
import io.surewire.stream.entity.TopicState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * An operator's replay of a recorded delivery failure. The client's durable cursor in the topic moves
 * back to just before the failed range ({@code from_seq - 1}), never forward, so that the client
 * receives the range again, and what follows, the next time it subscribes to the topic without
 * {@code since} (PROTOCOL §4, {@code durable_cursor}). A client connected now is disconnected first
 * (1012), so that no ack of its moves the cursor forward again before it reconnects. A client that
 * subscribes with {@code since} keeps its own position: it gets what follows that. A range the log no
 * longer retains cannot be replayed.
 */
@ApplicationScoped
public class Replays {

    /** What became of a replay: whether it was done, and what to tell the operator. */
    public record Outcome(boolean done, String message) {
    }

    @Inject
    DeliveryFailures failures;

    @Inject
    EventLog log;

    @Inject
    CursorStore cursors;

    @Inject
    Sessions sessions;

    @Inject
    Logger logger;

    public Outcome replay(String failureId) {
        Optional<DeliveryFailure> found = failures.find(failureId);
        if (found.isEmpty()) {
            return new Outcome(false, "There is no delivery failure " + failureId + ".");
        }
        DeliveryFailure failure = found.get();
        String client = failure.clientId();
        String topic = failure.topic();
        TopicState state = log.state(topic);
        if (!state.exists() || failure.fromSeq() < state.firstAvailableSeq()) {
            return new Outcome(false, "Seq " + failure.fromSeq() + " of " + topic + " is no longer retained (the first"
                    + " available is " + state.firstAvailableSeq() + "): the client gets a reset instead of a replay.");
        }
        boolean disconnected = sessions.disconnect(client);
        CursorTable.Rewind rewind = cursors.rewind(client, topic, state.epoch(), failure.fromSeq() - 1);
        failures.resolve(failureId, DeliveryFailure.REPLAYED);
        logger.info(() -> "replay of delivery failure " + failureId + ": client " + client + " topic " + topic + " from seq "
                + failure.fromSeq() + (disconnected ? ", disconnected" : "") + ", cursor " + rewind);
        String cursor = switch (rewind) {
            case MOVED_BACK -> "Its cursor in " + topic + " is back at seq " + (failure.fromSeq() - 1) + ".";
            case CREATED -> "It had no cursor in " + topic + "; it has one at seq " + (failure.fromSeq() - 1) + " now.";
            case ALREADY_BEHIND -> "Its cursor in " + topic + " was at or before seq " + (failure.fromSeq() - 1) + " already.";
        };
        return new Outcome(true, (disconnected ? client + " was disconnected (1012). " : "") + cursor
                + " It receives seq " + failure.fromSeq() + " onwards when it next subscribes without since.");
    }
}
