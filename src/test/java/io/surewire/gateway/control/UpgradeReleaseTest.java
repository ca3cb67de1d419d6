package io.surewire.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UpgradeReleaseTest {

    /** Shaped like Undertow's: the listener is a private field of the HTTP connection's class. */
    static class ServerConnection {
        Object current = "the exchange";
    }

    static class HttpServerConnection extends ServerConnection {
        private Object upgradeListener = new Object();
        private final Object readListener = "read";
    }

    /** A subclass of it: the field is found in the superclass. */
    static class SecureHttpServerConnection extends HttpServerConnection {
    }

    /** A container that keeps its listener elsewhere. */
    static class OtherConnection {
        private Object listener = new Object();
    }

    /** A field of that name that cannot be cleared. */
    static class FinalListenerConnection {
        private final Object upgradeListener = new Object();
    }

    @Test
    void clearsTheUpgradeListenerAndNothingElse() {
        HttpServerConnection connection = new HttpServerConnection();
        Object read = connection.readListener;

        assertTrue(UpgradeRelease.release(connection));

        assertNull(connection.upgradeListener);
        assertSame(read, connection.readListener);
        assertEquals("the exchange", connection.current);
    }

    @Test
    void findsTheFieldInASuperclass() {
        SecureHttpServerConnection connection = new SecureHttpServerConnection();

        assertTrue(UpgradeRelease.release(connection));

        assertNull(((HttpServerConnection) connection).upgradeListener);
    }

    @Test
    void answersFalseWhenThereIsNothingLeftToClear() {
        HttpServerConnection connection = new HttpServerConnection();
        UpgradeRelease.release(connection);

        assertFalse(UpgradeRelease.release(connection));
    }

    @Test
    void leavesAConnectionWithoutSuchAFieldAlone() {
        OtherConnection other = new OtherConnection();
        Object listener = other.listener;

        assertFalse(UpgradeRelease.release(other));
        assertFalse(UpgradeRelease.release("not a connection"));

        assertSame(listener, other.listener);
    }

    @Test
    void neverTouchesAFinalField() {
        FinalListenerConnection connection = new FinalListenerConnection();
        Object listener = connection.upgradeListener;

        assertFalse(UpgradeRelease.release(connection));

        assertSame(listener, connection.upgradeListener);
    }
}
