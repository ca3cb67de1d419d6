package io.surewire.gateway.boundary;

import io.surewire.gateway.control.ClientConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The open connections of this node, one per client_id. */
@ApplicationScoped
public class ConnectionRegistry {

    private final Map<String, ClientConnection> byClientId = new ConcurrentHashMap<>();

    /** Registers the connection; returns the one it replaces, which the caller closes with 4409. */
    public Optional<ClientConnection> register(ClientConnection connection) {
        return Optional.ofNullable(byClientId.put(connection.clientId(), connection));
    }

    /** Unregisters the connection unless a newer one of the same client already took its place. */
    public void unregister(ClientConnection connection) {
        byClientId.remove(connection.clientId(), connection);
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
