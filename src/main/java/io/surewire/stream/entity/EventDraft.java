package io.surewire.stream.entity;

/** An event before it is appended: what it says, and whether clients must acknowledge it. */
public record EventDraft(String payload, boolean requiresAck) {
}
