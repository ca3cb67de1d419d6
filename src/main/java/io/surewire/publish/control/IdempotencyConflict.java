package io.surewire.publish.control;

/** An idempotency key used again for another topic: the publish is refused, nothing is appended. */
public class IdempotencyConflict extends RuntimeException {

    public IdempotencyConflict(String key, String topic) {
        super("idempotency key '" + key + "' was already used to publish to " + topic, null, false, false);
    }
}
