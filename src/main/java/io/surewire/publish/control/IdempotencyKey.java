package io.surewire.publish.control;

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
}
