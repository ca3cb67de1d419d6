package io.surewire.bench.raw;

import io.surewire.protocol.ClientFrame;
import io.surewire.protocol.FrameCodec;
import io.surewire.protocol.ProtocolException;
import io.surewire.protocol.ServerFrames;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Instant;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fire-and-forget baseline the benchmark compares Surewire with (test-only, never in the product
 * WAR): the same frames on the wire ({@link ServerFrames}), published the same way (a {@code publish}
 * frame), but each published message goes straight to every open subscriber of its topic with
 * {@code getAsyncRemote().sendText}: no database, no retry, no replay.
 * At {@code /ws/client} its events ask for no ack, so the clients send none. At {@code /ws/acked} they ask
 * for one, as Surewire's do: the clients ack every event and the endpoint reads and decodes each ack and
 * keeps nothing, as a fire-and-forget server with per-message acknowledgements does. The two tell what
 * merely receiving the protocol's acks costs this container. How long each subscriber's frame took to be
 * handed over after it was built goes to {@link RawQueued}, the baseline of S5.
 */
@ServerEndpoint("/ws/{mode}")
public class RawBroadcastEndpoint {

    private static final Logger LOG = Logger.getLogger(RawBroadcastEndpoint.class.getName());
    /** The path whose events ask for an ack. */
    private static final String ACKED = "acked";

    @Inject
    RawTopics topics;

    @Inject
    RawQueued queued;

    @OnOpen
    public void open(Session session) {
        session.getAsyncRemote().sendText(ServerFrames.hello(Instant.now(), UUID.randomUUID().toString(),
                session.getRequestParameterMap().getOrDefault("client_id", java.util.List.of("raw")).get(0),
                session.getId(), 25_000, 5_000, 0, 65_536, 1_000_000));
    }

    @OnMessage
    public void message(Session session, String text) {
        ClientFrame frame;
        try {
            frame = FrameCodec.decode(text);
        } catch (ProtocolException e) {
            return;
        }
        if (frame instanceof ClientFrame.Subscribe subscribe) {
            topics.subscribe(subscribe.topic(), session);
            session.getAsyncRemote().sendText(ServerFrames.subscribed(subscribe.topic(), 1,
                    topics.lastSeq(subscribe.topic()), subscribe.requestId()));
        } else if (frame instanceof ClientFrame.Publish publish) {
            long seq = topics.nextSeq(publish.topic());
            boolean requiresAck = ACKED.equals(session.getPathParameters().get("mode"));
            String event = ServerFrames.event(publish.topic(), seq, 1, UUID.randomUUID().toString(), Instant.now(),
                    requiresAck, publish.payload(), 0);
            long built = System.nanoTime();
            for (Session subscriber : topics.subscribers(publish.topic())) {
                if (send(subscriber, event)) {
                    queued.record(System.nanoTime() - built);
                }
            }
            send(session, ServerFrames.receipt(publish.clientMsgId(), publish.topic(), seq, false, publish.requestId()));
        } else if (frame instanceof ClientFrame.Ping ping) {
            send(session, ServerFrames.pong(ping.ts()));
        }
    }

    /** Hands a frame to the connection; {@code false} when it is closed or the container refused it. */
    private boolean send(Session session, String text) {
        try {
            if (session.isOpen()) {
                session.getAsyncRemote().sendText(text);
                return true;
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "raw send failed", e);
        }
        return false;
    }

    @OnClose
    public void close(Session session) {
        topics.remove(session);
    }

    @OnError
    public void error(Session session, Throwable error) {
        topics.remove(session);
    }
}
