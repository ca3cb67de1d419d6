package io.surewire.gateway.control;

import java.util.concurrent.Executor;

/**
 * What every connection of this node is given: the pool that runs its deliveries, the bounded pool
 * that runs its publishes (blocking transactions, kept off the threads that deliver to others), and
 * its limits (see {@code SurewireConfig} for their names and defaults).
 *
 * @param queueLimit   frames that may wait for a slow client
 * @param inFlight     frames handed to the WebSocket container at once, written together
 * @param taskLimit    delivery tasks that may wait for the connection's executor
 * @param publishLimit publishes of the connection that may wait for a publish thread
 * @param publishBatch publishes of the connection committed together at most, of those that waited
 * @param publishing   what becomes of the connection's publishes
 * @param frameLimit   bytes of the largest frame the client may send
 */
public record ConnectionSettings(Executor deliveryPool, Executor publishPool, int queueLimit, int inFlight,
                                 int taskLimit, int publishLimit, int publishBatch, Publishing publishing,
                                 int frameLimit) {
}
