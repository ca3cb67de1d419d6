package io.surewire.bench.raw;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.websocket.Session;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The baseline's whole state: the open sessions of each topic and a counter per topic. Nothing is stored. */
@ApplicationScoped
public class RawTopics {

    private final Map<String, Set<Session>> subscribers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> seqs = new ConcurrentHashMap<>();

    public void subscribe(String topic, Session session) {
        subscribers.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(session);
    }

    public void remove(Session session) {
        subscribers.values().forEach(sessions -> sessions.remove(session));
    }

    public Set<Session> subscribers(String topic) {
        return subscribers.getOrDefault(topic, Set.of());
    }

    public long lastSeq(String topic) {
        AtomicLong seq = seqs.get(topic);
        return seq == null ? 0 : seq.get();
    }

    public long nextSeq(String topic) {
        return seqs.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
    }
}
