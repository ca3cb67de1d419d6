package io.surewire.jobs.control;

import io.surewire.publish.control.IdempotencyKey;
import java.io.Serializable;

/** Where retention-purge's reading of the idempotency keys stands (its checkpoint): the last key read. */
public record KeyPosition(String scope, String key) implements Serializable {

    /** Before every key: scopes and keys are never empty. */
    public static final KeyPosition START = new KeyPosition("", "");

    public static KeyPosition of(IdempotencyKey key) {
        return new KeyPosition(key.scope(), key.key());
    }

    public IdempotencyKey toKey() {
        return new IdempotencyKey(scope, key);
    }
}
