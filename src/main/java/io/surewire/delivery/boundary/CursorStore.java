package io.surewire.delivery.boundary;

import io.surewire.delivery.entity.Cursor;
import io.surewire.delivery.entity.CursorKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The durable cursors: the last seq each client acknowledged in each topic. Acks are gathered in
 * memory and written in batches ({@link #flush}, every second and when the application stops); an
 * ack never moves a cursor backwards, in memory or in the table. Only an operator's replay does
 * ({@link #rewind}).
 */
@ApplicationScoped
public class CursorStore {

    private final Map<CursorKey, Cursor> unwritten = new ConcurrentHashMap<>();

    @Inject
    CursorTable table;

    @Inject
    Logger log;

    public void advance(String clientId, String topic, long epoch, long seq) {
        unwritten.merge(new CursorKey(clientId, topic), new Cursor(epoch, seq), CursorStore::later);
    }

    /** The client's cursor in the topic, as far as this node knows it. */
    public Optional<Cursor> find(String clientId, String topic) {
        CursorKey key = new CursorKey(clientId, topic);
        Optional<Cursor> stored = table.find(key);
        Cursor pending = unwritten.get(key);
        if (pending == null) {
            return stored;
        }
        return Optional.of(stored.map(s -> later(s, pending)).orElse(pending));
    }

    /**
     * Moves the client's cursor in the topic back to {@code seq} of {@code epoch}, never forward: a
     * client that subscribes without {@code since} then receives every event after it again. A cursor
     * already at or before it stays; a cursor of another epoch is replaced; a client without one gets
     * one. Acks gathered and not yet written that lie past it are dropped, and no flush runs meanwhile,
     * so that none moves it forward again; an ack that comes later does (disconnect the client first).
     */
    public synchronized CursorTable.Rewind rewind(String clientId, String topic, long epoch, long seq) {
        CursorKey key = new CursorKey(clientId, topic);
        unwritten.computeIfPresent(key, (k, pending) -> pending.epoch() != epoch || pending.seq() > seq ? null : pending);
        CursorTable.Rewind rewind = table.rewind(key, epoch, seq);
        log.info(() -> "cursor of client " + clientId + " in topic " + topic + " rewound to seq " + seq + " of epoch "
                + epoch + ": " + rewind);
        return rewind;
    }

    /** Writes every cursor advanced since the last flush; what fails to be written is kept for the next. */
    public synchronized void flush() {
        if (unwritten.isEmpty()) {
            return;
        }
        Map<CursorKey, Cursor> batch = new HashMap<>();
        unwritten.forEach((key, cursor) -> {
            if (unwritten.remove(key, cursor)) {
                batch.put(key, cursor);
            }
        });
        try {
            table.write(batch);
        } catch (RuntimeException e) {
            batch.forEach((key, cursor) -> unwritten.merge(key, cursor, CursorStore::later));
            log.log(Level.WARNING, "could not write " + batch.size() + " cursors, will retry: " + e.getMessage());
        }
    }

    /** When the application stops (after the clients were told), nothing acknowledged is lost. */
    void stopping(@Observes @BeforeDestroyed(ApplicationScoped.class) Object context) {
        flush();
    }

    /** The later of two positions of one client in one topic: the higher seq, or the newer epoch's. */
    static Cursor later(Cursor earlier, Cursor given) {
        if (earlier.epoch() != given.epoch()) {
            return given;
        }
        return earlier.seq() >= given.seq() ? earlier : given;
    }
}
