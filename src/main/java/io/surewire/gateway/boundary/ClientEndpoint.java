package io.surewire.gateway.boundary;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/** {@code ws://host:8080/ws/client}: hands every connection event to the {@link Gateway}. */
@ServerEndpoint(value = "/ws/client", configurator = ClientHandshake.class)
public class ClientEndpoint {

    @Inject
    Gateway gateway;

    @OnOpen
    public void open(Session session) {
        gateway.open(session);
    }

    /** Text arrives in parts, so that the gateway can refuse an oversized frame before it is whole. */
    @OnMessage
    public void text(Session session, String part, boolean last) {
        gateway.receive(session, part, last);
    }

    @OnMessage
    public void binary(Session session, ByteBuffer part, boolean last) {
        gateway.receiveBinary(session, last);
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        gateway.closed(session, reason);
    }

    @OnError
    public void error(Session session, Throwable failure) {
        gateway.failed(session, failure);
    }
}
