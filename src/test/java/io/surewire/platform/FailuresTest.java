package io.surewire.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.protocol.ErrorCode;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void aCommitCutOffByTheDatabaseIsUnavailableNotABug() {
        assertTrue(Failures.isUnavailable(new IllegalStateException(new HeuristicMixedException("restarted"))));
        assertTrue(Failures.isUnavailable(new HeuristicRollbackException()));
        assertTrue(Failures.isUnavailable(new RuntimeException(new SQLException("connection refused"))));
        assertEquals(ErrorCode.UNAVAILABLE, Failures.errorCode(new HeuristicMixedException()));
    }

    @Test
    void aLostConnectionIsToldFromAFailedStatement() {
        assertTrue(Failures.isConnectionLost(new IllegalStateException(new SQLException("wrapped",
                new jakarta.resource.ResourceException("IJ000453: Unable to get managed connection")))));
        assertTrue(Failures.isConnectionLost(new RuntimeException(new SQLException("Connection refused", "08001"))));
        assertTrue(Failures.isConnectionLost(new SQLException("terminating connection due to administrator command",
                "57P01")));
        // a key's race or a lock wait: the statement failed, the connection is fine
        assertFalse(Failures.isConnectionLost(new RuntimeException(new SQLException("duplicate key", "23505"))));
        assertFalse(Failures.isConnectionLost(new SQLException("lock timeout", "55P03")));
        assertFalse(Failures.isConnectionLost(new SQLException("no state")));
        assertFalse(Failures.isConnectionLost(new HeuristicMixedException("commit cut off")));
    }

    @Test
    void aBugIsInternal() {
        assertFalse(Failures.isUnavailable(new IllegalStateException("a bug")));
        assertEquals(ErrorCode.INTERNAL, Failures.errorCode(new NullPointerException()));
        assertEquals("internal error", Failures.describe(new NullPointerException()));
    }
}
