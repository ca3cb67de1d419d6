package io.surewire.gateway.boundary;

import io.surewire.delivery.boundary.ClusterNotices;
import io.surewire.delivery.boundary.DeliveryTracker;
import io.surewire.gateway.control.ClientConnection;
import io.surewire.platform.SweepSchedule;
import io.surewire.protocol.CloseCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The open connections of this node, one per client_id, and the one owner of a connection's life:
 * it attaches a new connection to delivery, closes the one it supersedes, and detaches a connection
 * from delivery when it goes, whoever ends it (the client, a sweep, an operator).
 */
@ApplicationScoped
public class ConnectionRegistry {

    private final Map<String, ClientConnection> byClientId = new ConcurrentHashMap<>();
    private final SweepSchedule<ClientConnection> sweeps = new SweepSchedule<>();

    @Inject
    DeliveryTracker tracker;

    @Inject
    ClusterNotices cluster;

    @Inject
    Logger log;

    /**
     * Attaches the connection to delivery, registers it, and enters it for the sweeps, first due now; an
     * older one of the same client is closed with 4409, here or, in a cluster, on the node that holds it.
     */
    public void register(ClientConnection connection) {
        connection.attached(tracker.attach(connection));
        ClientConnection older = byClientId.put(connection.clientId(), connection);
        // entered once registered: a sweep takes only registered connections, and would not enter it again
        sweeps.at(System.currentTimeMillis(), connection);
        if (older != null) {
            log.info(() -> "client " + connection.clientId() + " reconnected: closing its older connection with 4409");
            drop(older, CloseCode.SUPERSEDED, "superseded by a newer connection with the same client_id");
        }
        cluster.connected(connection.clientId(), connection.connectedAt());
    }

    /**
     * A client connected to another node at {@code at}: its connection here, if older, is closed with
     * 4409. A newer one stays: the client came back here since.
     */
    public void connectedElsewhere(String clientId, Instant at) {
        ofClient(clientId).filter(connection -> connection.connectedAt().isBefore(at)).ifPresent(older -> {
            log.info(() -> "client " + clientId + " connected to another node: closing its connection here with 4409");
            drop(older, CloseCode.SUPERSEDED, "superseded by a newer connection with the same client_id");
        });
    }

    /** Closes the connection with {@code code} and forgets it at once. */
    public void drop(ClientConnection connection, CloseCode code, String reason) {
        connection.close(code, reason);
        forget(connection);
    }

    /**
     * Forgets a connection that is gone: detached from delivery, and unregistered unless a newer one of the
     * same client already took its place.
     */
    public void forget(ClientConnection connection) {
        byClientId.remove(connection.clientId(), connection);
        sweeps.remove(connection);
        tracker.detach(connection);
    }

    /** Closes the client's connection with 1012 so that it reconnects; {@code false} when it has none. */
    public boolean disconnect(String clientId) {
        return ofClient(clientId).map(connection -> {
            log.info(() -> "client " + clientId + " disconnected by an operator");
            drop(connection, CloseCode.SERVICE_RESTART, "closed by an operator: reconnect");
            return true;
        }).orElse(false);
    }

    /** The registered connections due for a sweep at {@code now}; the sweep enters each again for its next time. */
    public List<ClientConnection> dueForSweep(long now) {
        return sweeps.due(now).stream().filter(this::isRegistered).toList();
    }

    /**
     * Enters the connection for its next sweep, at {@code due}; one forgotten meanwhile (closed while it
     * was swept) is not kept.
     */
    public void sweepAgainAt(long due, ClientConnection connection) {
        sweeps.at(due, connection);
        if (!isRegistered(connection)) {
            sweeps.remove(connection);
        }
    }

    /** The connections waiting for a sweep: the registered ones. */
    public int sweepsWaiting() {
        return sweeps.size();
    }

    private boolean isRegistered(ClientConnection connection) {
        return byClientId.get(connection.clientId()) == connection;
    }

    public Optional<ClientConnection> ofClient(String clientId) {
        return Optional.ofNullable(byClientId.get(clientId));
    }

    public Collection<ClientConnection> all() {
        return List.copyOf(byClientId.values());
    }

    public int count() {
        return byClientId.size();
    }
}
