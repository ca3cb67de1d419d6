package io.surewire.delivery.control;

import io.surewire.platform.SweepSchedule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one owner of every connection's registration on this node: which connections are attached,
 * which of them subscribe to which topic, and when each is next due for the retry tick. Every change
 * is serialised on this object, so a subscribe racing a connection's removal never leaves an entry
 * behind: a detached connection can no longer be added to a topic, and detaching takes it out of
 * every topic it was in. The subscribers of a topic are read without a lock, as every committed
 * event does.
 */
public final class Subscriptions implements ChannelDeliveries.RetrySchedule {

    /** What became of a subscription asked for. */
    public enum Outcome {
        /** The connection now subscribes to the topic (or already did). */
        SUBSCRIBED,
        /** The connection already subscribes to as many other topics as it may. */
        LIMIT_REACHED,
        /** The connection is gone: nothing was registered. */
        DETACHED
    }

    /** An attached connection and the topics it subscribes to (guarded by the enclosing object). */
    private record Member(ChannelDeliveries deliveries, Set<String> topics) {
    }

    private final Map<String, Member> bySession = new ConcurrentHashMap<>();
    private final Map<String, Set<ChannelDeliveries>> byTopic = new ConcurrentHashMap<>();
    private final SweepSchedule<ChannelDeliveries> retries = new SweepSchedule<>();

    /** Attaches a connection, subscribed to nothing yet. */
    public synchronized void attach(ChannelDeliveries deliveries) {
        Member replaced = bySession.put(deliveries.channel().sessionId(), new Member(deliveries, new HashSet<>()));
        if (replaced != null) {
            leaveAll(replaced);
            retries.remove(replaced.deliveries());
        }
    }

    /** Detaches the connection of {@code sessionId} from this node and from every topic; empty when it was not attached. */
    public synchronized Optional<ChannelDeliveries> detach(String sessionId) {
        Member member = bySession.remove(sessionId);
        if (member == null) {
            return Optional.empty();
        }
        leaveAll(member);
        retries.remove(member.deliveries());
        return Optional.of(member.deliveries());
    }

    /**
     * Subscribes the connection to {@code topic}, counted against {@code maxTopics} as the request
     * arrives (a burst of subscribes cannot get past the limit).
     */
    public synchronized Outcome subscribe(String sessionId, String topic, int maxTopics) {
        Member member = bySession.get(sessionId);
        if (member == null) {
            return Outcome.DETACHED;
        }
        if (!member.topics().contains(topic)) {
            if (member.topics().size() >= maxTopics) {
                return Outcome.LIMIT_REACHED;
            }
            member.topics().add(topic);
            byTopic.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(member.deliveries());
        }
        return Outcome.SUBSCRIBED;
    }

    /** Takes the connection out of {@code topic}; {@code false} when it was not in it. */
    public synchronized boolean unsubscribe(String sessionId, String topic) {
        Member member = bySession.get(sessionId);
        if (member == null || !member.topics().remove(topic)) {
            return false;
        }
        leave(member.deliveries(), topic);
        return true;
    }

    public Optional<ChannelDeliveries> of(String sessionId) {
        return Optional.ofNullable(bySession.get(sessionId)).map(Member::deliveries);
    }

    /** The connections subscribed to {@code topic}; a live view, read without a lock. */
    public Set<ChannelDeliveries> subscribers(String topic) {
        Set<ChannelDeliveries> subscribers = byTopic.get(topic);
        return subscribers == null ? Set.of() : subscribers;
    }

    /** Every attached connection. */
    public Collection<ChannelDeliveries> all() {
        return bySession.values().stream().map(Member::deliveries).toList();
    }

    /**
     * Enters an attached connection for the retry tick at {@code due}. A connection detached meanwhile
     * may stay entered until its time comes, and {@link #due} then drops it.
     */
    @Override
    public void at(long due, ChannelDeliveries deliveries) {
        if (attached(deliveries)) {
            retries.at(due, deliveries);
        }
    }

    /**
     * The attached connections due for the retry tick at {@code now}, taken out of the schedule (each
     * enters itself again as its retry runs): the tick's work grows with what is due, not with the
     * connections there are.
     */
    public List<ChannelDeliveries> due(long now) {
        List<ChannelDeliveries> due = new ArrayList<>();
        for (ChannelDeliveries deliveries : retries.due(now)) {
            if (attached(deliveries)) {
                due.add(deliveries);
            }
        }
        return due;
    }

    private boolean attached(ChannelDeliveries deliveries) {
        Member member = bySession.get(deliveries.channel().sessionId());
        return member != null && member.deliveries() == deliveries;
    }

    /** The topics with at least one subscriber here. */
    public Set<String> topics() {
        return Set.copyOf(byTopic.keySet());
    }

    public int topicCount() {
        return byTopic.size();
    }

    /** How many (connection, topic) subscriptions there are. */
    public int subscriptionCount() {
        return byTopic.values().stream().mapToInt(Set::size).sum();
    }

    /** Whether no connection is attached and no topic has a subscriber: every index is empty. */
    public synchronized boolean isEmpty() {
        return bySession.isEmpty() && byTopic.isEmpty();
    }

    private void leaveAll(Member member) {
        member.topics().forEach(topic -> leave(member.deliveries(), topic));
        member.topics().clear();
    }

    private void leave(ChannelDeliveries deliveries, String topic) {
        byTopic.computeIfPresent(topic, (t, subscribers) -> {
            subscribers.remove(deliveries);
            return subscribers.isEmpty() ? null : subscribers;
        });
    }

    /** How many connections are attached. */
    public int size() {
        return bySession.size();
    }
}
