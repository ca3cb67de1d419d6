package io.surewire.publish.control;

/** A committed publish: its place in the topic, and whether an earlier publish with its key made it. */
public record Receipt(String topic, long seq, long epoch, String id, boolean duplicate) {
}
