package io.surewire.gateway.control;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Optional;

/**
 * Lets go of what the WebSocket container keeps of a connection's HTTP upgrade once the connection is
 * open. Undertow leaves the upgrade listener on the HTTP connection for the socket's whole life, and
 * the listener holds the upgrade's exchange: the request and the response with their headers, the
 * servlet request, response and security context. That is about 2.5 KB per connection, a fifth of an
 * idle one's heap, and nothing reads it after the upgrade. Undertow has no call that drops it, so the
 * field is cleared by reflection, found by name in the connection's class or one of its superclasses.
 * Where there is no such field (another container, another version), nothing is touched and
 * {@link #release} answers {@code false}.
 */
public final class UpgradeRelease {

    /** The field of Undertow's {@code HttpServerConnection} that holds the upgrade listener. */
    static final String FIELD = "upgradeListener";

    private static final ClassValue<Optional<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected Optional<Field> computeValue(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    Field field = c.getDeclaredField(FIELD);
                    if (field.getType().isPrimitive() || Modifier.isStatic(field.getModifiers())
                            || Modifier.isFinal(field.getModifiers())) {
                        return Optional.empty();
                    }
                    field.setAccessible(true);
                    return Optional.of(field);
                } catch (NoSuchFieldException notHere) {
                    // look in the superclass
                } catch (RuntimeException inaccessible) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        }
    };

    private UpgradeRelease() {
    }

    /**
     * Clears the upgrade listener that the HTTP {@code connection} of an upgraded WebSocket holds.
     * Call it only once the upgrade is done (the endpoint's open): the container reads the listener
     * once, to hand the socket over. {@code false} when there was no listener to clear.
     */
    public static boolean release(Object connection) {
        Optional<Field> field = FIELDS.get(connection.getClass());
        if (field.isEmpty()) {
            return false;
        }
        try {
            if (field.get().get(connection) == null) {
                return false;
            }
            field.get().set(connection, null);
            return true;
        } catch (IllegalAccessException | IllegalArgumentException refused) {
            return false;
        }
    }
}
