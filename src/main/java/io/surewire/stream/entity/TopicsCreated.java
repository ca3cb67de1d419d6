package io.surewire.stream.entity;

import java.util.List;

/**
 * Topics that a transaction meant to lock together with others had no row yet: their rows were
 * created, in transactions of their own, and the transaction that asked must roll back and start
 * over. Locking them at once would have taken them out of name order, the order that keeps two
 * transactions from waiting for each other's topics in a cycle.
 */
public class TopicsCreated extends RuntimeException {

    private final List<String> topics;

    public TopicsCreated(List<String> topics) {
        super("topics created, start the transaction over: " + topics, null, false, false);
        this.topics = List.copyOf(topics);
    }

    public List<String> topics() {
        return topics;
    }
}
