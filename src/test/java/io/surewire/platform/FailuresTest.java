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
    void aBugIsInternal() {
        assertFalse(Failures.isUnavailable(new IllegalStateException("a bug")));
        assertEquals(ErrorCode.INTERNAL, Failures.errorCode(new NullPointerException()));
        assertEquals("internal error", Failures.describe(new NullPointerException()));
    }
}
