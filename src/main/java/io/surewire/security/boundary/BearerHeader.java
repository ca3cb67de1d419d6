package io.surewire.security.boundary;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the token of an {@code Authorization: Bearer} header of a WebSocket handshake for the
 * connection: the user properties a configurator sees are the connection's own (Jakarta WebSocket
 * 2.1), and become its session's.
 */
public class BearerHeader extends ServerEndpointConfig.Configurator {

    private static final String KEY = "surewire.bearer";
    private static final String PREFIX = "bearer ";

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            List<String> values = header.getValue();
            if (header.getKey().equalsIgnoreCase("Authorization") && values != null && values.size() == 1
                    && values.get(0).regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                config.getUserProperties().put(KEY, values.get(0).substring(PREFIX.length()).strip());
            }
        }
    }

    /** The bearer token of the connection's handshake, if it had one. */
    public static Optional<String> of(Map<String, Object> userProperties) {
        return Optional.ofNullable((String) userProperties.get(KEY));
    }
}
