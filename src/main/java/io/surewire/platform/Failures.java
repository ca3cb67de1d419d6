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

    public static ErrorCode errorCode(Throwable failure) {
        return isUnavailable(failure) ? ErrorCode.UNAVAILABLE : ErrorCode.INTERNAL;
    }

    /** A message for a client: what failed, with no stack trace and no internals. */
    public static String describe(Throwable failure) {
        return isUnavailable(failure) ? "the event log is unavailable, try again" : "internal error";
    }
}
