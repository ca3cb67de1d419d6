package io.surewire.ops.control;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** One dependency the health endpoint checks. */
public interface Probe {

    Result check();

    /** The outcome of one check: {@code detail} says what answered, or why nothing did. */
    record Result(String name, boolean up, long millis, String detail) {

        public JsonObject toJson() {
            JsonObjectBuilder json = Json.createObjectBuilder()
                    .add("status", up ? "up" : "down")
                    .add("time_ms", millis);
            if (detail != null) {
                json.add(up ? "detail" : "error", detail);
            }
            return json.build();
        }
    }
}
