package io.surewire.console.control;

import io.surewire.protocol.JsonBuilders;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Optional;

/**
 * A job's progress as it publishes it on topic {@code ops/jobs}:
 * {@code {"execution_id","job","status","step","read","written","percent"}}.
 */
public record JobProgress(long executionId, String job, String status, String step, long read, long written,
                          Integer percent) {

    /** The topic the jobs publish their progress on. */
    public static final String TOPIC = "ops/jobs";

    /** The progress in an event's payload; empty for a payload that is not one. */
    public static Optional<JobProgress> of(String payload) {
        try (JsonReader reader = JsonBuilders.PROVIDER.createReader(new StringReader(payload))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject object) || !(object.get("execution_id") instanceof JsonNumber id)) {
                return Optional.empty();
            }
            return Optional.of(new JobProgress(id.longValue(), text(object, "job"), text(object, "status"),
                    text(object, "step"), number(object, "read"), number(object, "written"),
                    object.get("percent") instanceof JsonNumber percent ? percent.intValue() : null));
        } catch (RuntimeException notJson) {
            return Optional.empty();
        }
    }

    private static String text(JsonObject object, String name) {
        return object.get(name) instanceof JsonString text ? text.getString() : null;
    }

    private static long number(JsonObject object, String name) {
        return object.get(name) instanceof JsonNumber number ? number.longValue() : 0;
    }
}
