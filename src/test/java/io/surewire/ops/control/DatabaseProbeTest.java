package io.surewire.ops.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** {@link DatabaseProbe}: a pool with no connection free is a busy database, not a down one. */
class DatabaseProbeTest {

    @Test
    void aPoolWithNoConnectionFreeIsBusy() {
        SQLException exhausted = new SQLException("IJ031020: You are trying to use a connection factory that has been shut down",
                new IllegalStateException("IJ000453: Unable to get managed connection for java:jboss/datasources/SurewireDS",
                        new IllegalStateException("IJ000655: No managed connections available within configured blocking timeout (5000 [ms])")));
        assertTrue(DatabaseProbe.poolExhausted(exhausted));
    }

    @Test
    void aRefusedConnectionIsNotBusy() {
        assertFalse(DatabaseProbe.poolExhausted(new SQLException("Connection to 127.0.0.1:5432 refused",
                new java.net.ConnectException("Connection refused"))));
        assertFalse(DatabaseProbe.poolExhausted(new SQLException((String) null)));
    }

    @Test
    void aBusyResultIsUpAndSaysBusy() {
        Probe.Result busy = new Probe.Result("database", true, true, 5000, "every connection of the pool is in use");
        assertTrue(busy.up());
        assertEquals("busy", busy.status());
        assertEquals("down", new Probe.Result("database", false, 1, "refused").status());
        assertEquals("up", new Probe.Result("database", true, 1, "PostgreSQL 15").status());
    }
}
