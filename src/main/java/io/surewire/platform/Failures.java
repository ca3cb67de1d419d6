package io.surewire.platform;

import io.surewire.protocol.ErrorCode;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import java.sql.SQLException;

/** Tells a failure of a dependency (the database, the transaction manager) from a failure of the code. */
public final class Failures {

    private Failures() {
    }

    /** Whether the database or the transaction behind it failed, so that trying again later may succeed. */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException || t instanceof PersistenceException || t instanceof TransactionalException
                    || t instanceof jakarta.transaction.SystemException
                    || t instanceof jakarta.transaction.RollbackException
                    // a commit cut off by the database going away: its outcome is unknown, and trying
                    // again with the same idempotency key appends at most once
                    || t instanceof jakarta.transaction.HeuristicMixedException
                    || t instanceof jakarta.transaction.HeuristicRollbackException
                    || t instanceof jakarta.resource.ResourceException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the failure is the database connection itself: none could be had from the pool, or the
     * one in use was cut (SQLSTATE class {@code 08}, or {@code 57P}: the database shutting down). Trying
     * again at once only waits for the pool again: the caller answers {@code unavailable} instead.
     */
    public static boolean isConnectionLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof jakarta.resource.ResourceException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    public static ErrorCode errorCode(Throwable failure) {
        return isUnavailable(failure) ? ErrorCode.UNAVAILABLE : ErrorCode.INTERNAL;
    }

    /** A message for a client: what failed, with no stack trace and no internals. */
    public static String describe(Throwable failure) {
        return isUnavailable(failure) ? "the event log is unavailable, try again" : "internal error";
    }
}
