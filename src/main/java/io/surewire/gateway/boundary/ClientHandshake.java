package io.surewire.gateway.boundary;

import io.surewire.gateway.control.UpgradeRelease;
import io.surewire.security.boundary.BearerHeader;
import io.undertow.servlet.handlers.ServletRequestContext;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;
import java.util.Optional;

/**
 * The handshake of {@code /ws/client}: keeps the bearer token ({@link BearerHeader}) and notes the HTTP
 * connection that the upgrade came on (the handshake runs inside its servlet request), so that the
 * open connection can let go of the upgrade request the container keeps with it ({@link UpgradeRelease}).
 */
public class ClientHandshake extends BearerHeader {

    private static final String KEY = "surewire.upgraded-connection";

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(config, request, response);
        ServletRequestContext current = ServletRequestContext.current();
        if (current != null) {
            config.getUserProperties().put(KEY, current.getExchange().getConnection());
        }
    }

    /** The HTTP connection the session's upgrade came on, taken out of the session's user properties. */
    static Optional<Object> takeConnection(Map<String, Object> userProperties) {
        return Optional.ofNullable(userProperties.remove(KEY));
    }
}
