package io.surewire.delivery.control;

import io.surewire.stream.entity.StreamEvent;

/**
 * Hands a committed event to every connection that should see it: the local connections of this
 * node, or, across nodes, every node's. Called after the commit, never inside a transaction; it
 * must return at once, leaving the sends to each connection's own executor.
 */
public interface Fanout {

    void publish(StreamEvent event);
}
