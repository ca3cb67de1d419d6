package io.surewire.delivery.control;

import io.surewire.protocol.ClientFrame;

/**
 * Where one connection's acks go, given to the gateway when the connection is attached: an ack is
 * the most frequent frame a client sends (one per event, at worst), and it only moves a window, so it
 * reaches the connection's deliveries directly, on the receiving thread, without a call through the
 * container for each one.
 */
@FunctionalInterface
public interface AckInbox {

    /** An inbox for a connection that is not attached (yet, or any more): acks go nowhere. */
    AckInbox NONE = ack -> {
    };

    void take(ClientFrame.Ack ack);
}
