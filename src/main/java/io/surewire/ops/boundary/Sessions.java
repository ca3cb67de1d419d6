package io.surewire.ops.boundary;

import io.surewire.delivery.boundary.DeliveryTracker;
import io.surewire.delivery.control.ChannelDeliveries;
import io.surewire.gateway.boundary.ConnectionRegistry;
import io.surewire.gateway.control.ClientConnection;
import io.surewire.ops.control.ClientSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The open connections of this node with their lag, for {@code GET /api/sessions} and the console;
 * and the operator's disconnect.
 */
@ApplicationScoped
public class Sessions {

    @Inject
    ConnectionRegistry connections;

    @Inject
    DeliveryTracker tracker;

    /** Every open connection, by client_id. */
    public List<ClientSession> all() {
        Map<String, ChannelDeliveries> deliveries = tracker.all().stream()
                .collect(Collectors.toMap(d -> d.channel().sessionId(), Function.identity(), (a, b) -> a));
        return connections.all().stream()
                .sorted(Comparator.comparing(ClientConnection::clientId))
                .map(connection -> session(connection, deliveries.get(connection.sessionId())))
                .toList();
    }

    /** The {@code limit} connections furthest behind (lag of all their topics), a lag of 0 left out. */
    public List<ClientSession> mostLagging(int limit) {
        return all().stream()
                .filter(s -> s.totalLag() > 0)
                .sorted(Comparator.comparingLong(ClientSession::totalLag).reversed().thenComparing(ClientSession::clientId))
                .limit(limit)
                .toList();
    }

    /** Closes the client's connection with 1012 so that it reconnects; {@code false} when it has none here. */
    public boolean disconnect(String clientId) {
        return connections.disconnect(clientId);
    }

    private static ClientSession session(ClientConnection connection, ChannelDeliveries delivery) {
        SortedMap<String, Long> lag = new TreeMap<>();
        if (delivery != null) {
            delivery.topics().forEach(topic -> lag.put(topic, delivery.lag(topic)));
        }
        return new ClientSession(connection.clientId(), connection.sessionId(), connection.role(),
                connection.connectedAt(), connection.lastSeen(), lag);
    }
}
