package io.surewire.it.hooks;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** What {@link EventsTopicListener} received, per Surewire topic. */
@ApplicationScoped
public class EventsTopicRecorder {

    private final Map<String, List<String>> received = new ConcurrentHashMap<>();

    void record(String topic, String body) {
        received.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(body);
    }

    List<String> of(String topic) {
        return List.copyOf(received.getOrDefault(topic, List.of()));
    }
}
