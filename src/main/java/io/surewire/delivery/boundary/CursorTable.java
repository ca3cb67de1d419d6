package io.surewire.delivery.boundary;

import io.surewire.delivery.boundary.CursorStore.Key;
import io.surewire.delivery.control.ChannelDeliveries.Cursor;
import io.surewire.delivery.entity.CursorRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.Optional;

/** Reads and writes the table of durable cursors. */
@ApplicationScoped
public class CursorTable {

    @PersistenceContext(unitName = "surewire")
    EntityManager em;

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Cursor> find(Key key) {
        CursorRecord record = em.find(CursorRecord.class, new CursorRecord.Key(key.clientId(), key.topic()));
        return Optional.ofNullable(record).map(r -> new Cursor(r.epoch(), r.ackedSeq()));
    }

    /** Advances every given cursor in one transaction; a stored cursor ahead of the given one stays. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void write(Map<Key, Cursor> cursors) {
        cursors.forEach((key, cursor) -> {
            CursorRecord record = em.find(CursorRecord.class, new CursorRecord.Key(key.clientId(), key.topic()),
                    LockModeType.PESSIMISTIC_WRITE);
            if (record == null) {
                em.persist(new CursorRecord(key.clientId(), key.topic(), cursor.epoch(), cursor.seq()));
            } else {
                record.advance(cursor.epoch(), cursor.seq());
            }
        });
    }
}
