package io.surewire.publish.control;

/**
 * An idempotency key used again for another publish (another topic, payload or ack requirement):
 * refused, nothing is appended. The message names neither the earlier topic nor its payload: in a
 * scope shared by several publishers they are another publisher's.
 */
public class IdempotencyConflict extends RuntimeException {

    public IdempotencyConflict(String key) {
        super("idempotency key '" + key + "' was already used for another publish (another topic or payload):"
                + " a key may only be sent again with the same request", null, false, false);
    }
}
