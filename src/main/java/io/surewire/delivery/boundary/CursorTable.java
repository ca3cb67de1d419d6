package io.surewire.delivery.boundary;

import io.surewire.delivery.entity.Cursor;
import io.surewire.delivery.entity.CursorKey;
import io.surewire.delivery.entity.CursorRecord;
import io.surewire.platform.InstantConverter;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads and writes the table of durable cursors. A write is two JDBC batches in one transaction,
 * whatever the number of cursors: an update of the rows behind the given positions, then an insert
 * of the rows that do not exist yet. Rows are touched in key order, so two writers never deadlock.
 */
@ApplicationScoped
public class CursorTable {

    private static final String ADVANCE = "UPDATE sw_cursor SET epoch = ?, acked_seq = ?, updated_at = ?"
            + " WHERE client_id = ? AND topic = ? AND (epoch <> ? OR acked_seq < ?)";
    private static final String CREATE = "INSERT INTO sw_cursor (client_id, topic, epoch, acked_seq, updated_at)"
            + " SELECT v.c, v.t, v.e, v.s, v.u FROM (VALUES (?, ?, ?, ?, ?)) AS v (c, t, e, s, u)"
            + " WHERE NOT EXISTS (SELECT 1 FROM sw_cursor x WHERE x.client_id = v.c AND x.topic = v.t)";
    private static final String REWIND = "UPDATE sw_cursor SET epoch = ?, acked_seq = ?, updated_at = ?"
            + " WHERE client_id = ? AND topic = ? AND (epoch <> ? OR acked_seq > ?)";
    private static final Comparator<CursorKey> KEY_ORDER = Comparator.comparing(CursorKey::clientId).thenComparing(CursorKey::topic);

    @PersistenceContext(unitName = "surewire")
    EntityManager em;

    @Resource(lookup = "java:jboss/datasources/SurewireDS")
    DataSource dataSource;

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Cursor> find(CursorKey key) {
        CursorRecord record = em.find(CursorRecord.class, new CursorRecord.Key(key.clientId(), key.topic()));
        return Optional.ofNullable(record).map(r -> new Cursor(r.epoch(), r.ackedSeq()));
    }

    /**
     * Advances every given cursor in one transaction: a cursor of another epoch is replaced, one of
     * the same epoch moves forward only; a stored cursor ahead of the given one stays.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void write(Map<CursorKey, Cursor> cursors) {
        List<CursorKey> keys = new ArrayList<>(cursors.keySet());
        keys.sort(KEY_ORDER);
        LocalDateTime now = new InstantConverter().convertToDatabaseColumn(Instant.now());
        try (Connection connection = dataSource.getConnection()) {
            List<CursorKey> unmatched = advance(connection, keys, cursors, now);
            if (!unmatched.isEmpty()) {
                create(connection, unmatched, cursors, now);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not write " + cursors.size() + " cursors: " + e.getMessage(), e);
        }
    }

    /** What a rewind did to a cursor. */
    public enum Rewind {
        /** The cursor was past the position (or of another epoch) and is now at it. */
        MOVED_BACK,
        /** The client had no cursor in the topic: it has one at the position now. */
        CREATED,
        /** The cursor was at or before the position already: it stays. */
        ALREADY_BEHIND
    }

    /**
     * Moves the cursor of {@code key} back to {@code seq} of {@code epoch}, never forward; creates it
     * when it does not exist.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Rewind rewind(CursorKey key, long epoch, long seq) {
        LocalDateTime now = new InstantConverter().convertToDatabaseColumn(Instant.now());
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement update = connection.prepareStatement(REWIND)) {
                update.setLong(1, epoch);
                update.setLong(2, seq);
                update.setObject(3, now);
                update.setString(4, key.clientId());
                update.setString(5, key.topic());
                update.setLong(6, epoch);
                update.setLong(7, seq);
                if (update.executeUpdate() > 0) {
                    return Rewind.MOVED_BACK;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(CREATE)) {
                insert.setString(1, key.clientId());
                insert.setString(2, key.topic());
                insert.setLong(3, epoch);
                insert.setLong(4, seq);
                insert.setObject(5, now);
                return insert.executeUpdate() > 0 ? Rewind.CREATED : Rewind.ALREADY_BEHIND;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not rewind the cursor of " + key + ": " + e.getMessage(), e);
        }
    }

    /** Returns the keys whose row was not updated: missing, or already at or past the position. */
    private static List<CursorKey> advance(Connection connection, List<CursorKey> keys, Map<CursorKey, Cursor> cursors,
                                     LocalDateTime now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(ADVANCE)) {
            for (CursorKey key : keys) {
                Cursor cursor = cursors.get(key);
                update.setLong(1, cursor.epoch());
                update.setLong(2, cursor.seq());
                update.setObject(3, now);
                update.setString(4, key.clientId());
                update.setString(5, key.topic());
                update.setLong(6, cursor.epoch());
                update.setLong(7, cursor.seq());
                update.addBatch();
            }
            int[] counts = update.executeBatch();
            List<CursorKey> unmatched = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                if (counts[i] == 0 || counts[i] == Statement.SUCCESS_NO_INFO) {
                    unmatched.add(keys.get(i));
                }
            }
            return unmatched;
        }
    }

    private static void create(Connection connection, List<CursorKey> keys, Map<CursorKey, Cursor> cursors, LocalDateTime now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(CREATE)) {
            for (CursorKey key : keys) {
                Cursor cursor = cursors.get(key);
                insert.setString(1, key.clientId());
                insert.setString(2, key.topic());
                insert.setLong(3, cursor.epoch());
                insert.setLong(4, cursor.seq());
                insert.setObject(5, now);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
