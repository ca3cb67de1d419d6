package io.surewire.delivery.entity;

/** A client in a topic: whose durable cursor. */
public record CursorKey(String clientId, String topic) {
}
