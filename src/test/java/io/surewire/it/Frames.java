package io.surewire.it;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.function.Predicate;

/** Reading frames in tests. */
public final class Frames {

    private Frames() {
    }

    public static String type(JsonObject frame) {
        return frame.getString("type", "");
    }

    public static Predicate<JsonObject> ofType(String type) {
        return frame -> type.equals(type(frame));
    }

    public static Predicate<JsonObject> event(String topic, long seq) {
        return frame -> "event".equals(type(frame)) && topic.equals(frame.getString("topic"))
                && frame.getJsonNumber("seq").longValue() == seq;
    }

    public static long seq(JsonObject frame) {
        return frame.getJsonNumber("seq").longValue();
    }

    /** The seqs of the event frames of {@code topic}, in the order they arrived. */
    public static List<Long> seqs(List<JsonObject> frames, String topic) {
        return frames.stream()
                .filter(f -> "event".equals(type(f)) && topic.equals(f.getString("topic")))
                .map(Frames::seq)
                .toList();
    }
}
