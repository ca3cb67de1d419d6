package io.surewire.client;

import jakarta.json.JsonObject;
import java.util.List;

/** What a subscriber processed and how it went, for a checker to judge. */
public interface SubscriberRecord {

    String clientId();

    /** The last seq processed in {@code topic}. */
    long processed(String topic);

    /** The event frames processed for {@code topic}, in the order they were processed. */
    List<JsonObject> accepted(String topic);

    long duplicatesDropped();

    long connections();

    long resets();

    /** How many {@code resync} frames the client sent. */
    long resyncs();

    /** The raw frames of every connection the subscriber opened, for an order checker to judge. */
    List<WireLog.Connection> wire();
}
