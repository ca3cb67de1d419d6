package io.surewire.publish.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** {@link IdempotencyKey#fingerprint}: the same publish gives the same print, any other a different one. */
class IdempotencyKeyTest {

    @Test
    void theSamePublishHasTheSameFingerprint() {
        assertEquals(IdempotencyKey.fingerprint("a/b", "{\"n\":1}", true), IdempotencyKey.fingerprint("a/b", "{\"n\":1}", true));
        assertEquals(64, IdempotencyKey.fingerprint("a", "1", false).length());
    }

    @Test
    void anotherTopicPayloadOrAckRequirementChangesIt() {
        String print = IdempotencyKey.fingerprint("a", "{\"n\":1}", true);
        assertNotEquals(print, IdempotencyKey.fingerprint("b", "{\"n\":1}", true));
        assertNotEquals(print, IdempotencyKey.fingerprint("a", "{\"n\":2}", true));
        assertNotEquals(print, IdempotencyKey.fingerprint("a", "{\"n\":1}", false));
        // the separator keeps topic and payload apart
        assertNotEquals(IdempotencyKey.fingerprint("a", "b", true), IdempotencyKey.fingerprint("a\nb", "", true));
    }
}
