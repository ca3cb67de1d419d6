package io.surewire.delivery.entity;

/** A durable cursor: the last seq acknowledged by a client in a topic's epoch. */
public record Cursor(long epoch, long seq) {
}
