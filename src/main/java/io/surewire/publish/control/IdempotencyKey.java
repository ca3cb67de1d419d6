package io.surewire.publish.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A key that makes a publish happen at most once: {@code scope} says whose keys these are (one
 * WebSocket client's {@code client_msg_id}s, or the HTTP {@code Idempotency-Key}s), {@code key} is the key.
 */
public record IdempotencyKey(String scope, String key) {

    public static IdempotencyKey ofClient(String clientId, String clientMsgId) {
        return new IdempotencyKey("client:" + clientId, clientMsgId);
    }

    public static IdempotencyKey ofHttp(String key) {
        return new IdempotencyKey("http", key);
    }

    public static IdempotencyKey ofJms(String key) {
        return new IdempotencyKey("jms", key);
    }

    /**
     * What a key was used for, to tell a publish sent again from another one under the same key:
     * the SHA-256 of the topic, the payload (compact JSON as received) and whether it requires acks.
     */
    public static String fingerprint(String topic, String payload, boolean requiresAck) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((topic + '\n' + requiresAck + '\n').getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
