package io.surewire.delivery.control;

import io.surewire.stream.entity.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latest committed events of each topic, kept in memory as they are announced, so that a replay
 * of a client that is a little behind (a reconnect after a blink, a resend) is read from here and
 * not from the database. At most {@code perTopic} events of a topic and about {@code maxBytes} of
 * payloads and frames in all: an event that would pass the budget is not kept, and a read finds a hole
 * there and leaves the rest to the log. At most {@code maxTopics} topics are kept; a topic nobody here
 * subscribes to is forgotten once no event of it came for a while ({@link #expire}). A read only ever
 * answers events it holds in an unbroken run from the first seq asked, in the epoch asked, so what it
 * answers is exactly what the log holds. Each event is kept with its {@code event} frame for a first
 * send, as the live path encoded it, so that replaying it to many clients does not encode it for each.
 */
public final class RecentEvents {

    private final int perTopic;
    private final long maxBytes;
    private final int maxTopics;
    private final Map<String, Ring> rings = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    public RecentEvents(int perTopic, long maxBytes, int maxTopics) {
        this.perTopic = perTopic;
        this.maxBytes = maxBytes;
        this.maxTopics = maxTopics;
    }

    /**
     * Keeps a committed event and its {@code event} frame for a first send ({@code firstSend}), at
     * {@code now}; from any thread, and the events of a topic may come in any order.
     */
    public void add(StreamEvent event, String firstSend, long now) {
        if (perTopic == 0) {
            return;
        }
        Ring ring = rings.get(event.topic());
        if (ring == null) {
            if (rings.size() >= maxTopics) {
                return;
            }
            ring = rings.computeIfAbsent(event.topic(), t -> new Ring(perTopic));
        }
        ring.add(new Held(event, firstSend), now);
    }

    /**
     * The events of {@code topic} and {@code epoch} with {@code afterSeq < seq <= upToSeq}, at most
     * {@code limit}, in seq order from {@code afterSeq + 1} without a hole: as many as are held in a
     * row, possibly none.
     */
    public List<StreamEvent> read(String topic, long epoch, long afterSeq, long upToSeq, int limit) {
        Ring ring = rings.get(topic);
        return ring == null ? List.of() : ring.read(epoch, afterSeq, upToSeq, limit);
    }

    /**
     * The {@code event} frame of a first send of {@code event}, as it was kept with it; {@code null} when
     * this very event is not held (not kept, replaced, or read from the log).
     */
    public String firstSend(StreamEvent event) {
        Ring ring = rings.get(event.topic());
        return ring == null ? null : ring.firstSend(event);
    }

    /** Forgets the topics not in {@code subscribed} that had no event since {@code idleSince}. */
    public void expire(Set<String> subscribed, long idleSince) {
        rings.entrySet().removeIf(entry -> {
            if (subscribed.contains(entry.getKey()) || entry.getValue().lastAdded >= idleSince) {
                return false;
            }
            entry.getValue().clear();
            return true;
        });
    }

    /** How many topics are kept. */
    public int topics() {
        return rings.size();
    }

    /** The bytes held, about: payloads and frames. */
    public long bytes() {
        return bytes.get();
    }

    private static long size(Held held) {
        return 2L * (held.event.payload().length() + held.firstSend.length()) + 200;
    }

    /** An event kept, with its frame for a first send. */
    private record Held(StreamEvent event, String firstSend) {
    }

    private final class Ring {
        private final Held[] slots;
        private long epoch;
        private volatile long lastAdded;

        Ring(int capacity) {
            slots = new Held[capacity];
        }

        synchronized void add(Held held, long now) {
            StreamEvent event = held.event;
            lastAdded = now;
            if (event.epoch() != epoch) {
                if (event.epoch() < epoch) {
                    return;
                }
                clear();
                epoch = event.epoch();
            }
            int slot = (int) Math.floorMod(event.seq(), (long) slots.length);
            Held old = slots[slot];
            if (old != null && old.event.seq() >= event.seq()) {
                return;
            }
            long released = old == null ? 0 : size(old);
            long added = size(held);
            if (bytes.get() - released + added > maxBytes) {
                // over the budget: this seq is not kept, and the slot no longer holds a neighbour of it
                slots[slot] = null;
                bytes.addAndGet(-released);
                return;
            }
            slots[slot] = held;
            bytes.addAndGet(added - released);
        }

        synchronized String firstSend(StreamEvent event) {
            Held held = slots[(int) Math.floorMod(event.seq(), (long) slots.length)];
            return held != null && held.event == event ? held.firstSend : null;
        }

        synchronized List<StreamEvent> read(long wantedEpoch, long afterSeq, long upToSeq, int limit) {
            if (wantedEpoch != epoch) {
                return List.of();
            }
            List<StreamEvent> run = new ArrayList<>();
            for (long seq = afterSeq + 1; seq <= upToSeq && run.size() < limit; seq++) {
                Held held = slots[(int) Math.floorMod(seq, (long) slots.length)];
                if (held == null || held.event.seq() != seq) {
                    break;
                }
                run.add(held.event);
            }
            return run;
        }

        synchronized void clear() {
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] != null) {
                    bytes.addAndGet(-size(slots[i]));
                    slots[i] = null;
                }
            }
        }
    }
}
