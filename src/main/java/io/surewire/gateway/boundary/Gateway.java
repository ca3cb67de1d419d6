package io.surewire.gateway.boundary;

import io.surewire.delivery.boundary.DeliveryThreads;
import io.surewire.delivery.boundary.DeliveryTracker;
import io.surewire.gateway.control.ClientConnection;
import io.surewire.gateway.control.ConnectionSettings;
import io.surewire.gateway.control.FrameRate;
import io.surewire.gateway.control.Publishing;
import io.surewire.gateway.control.UpgradeRelease;
import io.surewire.platform.Failures;
import io.surewire.platform.SurewireConfig;
import io.surewire.protocol.ClientFrame;
import io.surewire.protocol.CloseCode;
import io.surewire.protocol.ErrorCode;
import io.surewire.protocol.FrameCodec;
import io.surewire.protocol.Handshake;
import io.surewire.protocol.ProtocolException;
import io.surewire.protocol.ServerFrames;
import io.surewire.publish.boundary.PublishCommitter;
import io.surewire.publish.control.IdempotencyConflict;
import io.surewire.publish.control.IdempotencyKey;
import io.surewire.publish.control.Publication;
import io.surewire.publish.control.Receipt;
import io.surewire.security.boundary.BearerHeader;
import io.surewire.security.boundary.Security;
import io.surewire.security.control.Grant;
import io.surewire.security.control.TokenRefused;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a WebSocket connection says: the handshake, and every client frame (reassembled, rate-limited,
 * checked against the grant, dispatched to delivery or to publishing). The endpoint delegates here;
 * {@link ConnectionRegistry} owns the connection's life, {@link ConnectionSweeps} its heartbeats and
 * {@link ShutdownNotice} the end.
 */
@ApplicationScoped
public class Gateway {

    private static final String CONNECTION = "surewire.connection";

    @Inject
    ConnectionRegistry registry;

    @Inject
    DeliveryTracker tracker;

    @Inject
    PublishCommitter publisher;

    @Inject
    SurewireConfig config;

    @Inject
    Security security;

    @Inject
    Logger log;

    @Inject
    DeliveryThreads deliveryThreads;

    @Resource(lookup = "java:jboss/ee/concurrency/executor/surewire-publish")
    ManagedExecutorService publishExecutor;

    private ConnectionSettings settings;
    private final AtomicBoolean upgradeReleaseMissed = new AtomicBoolean();
    private final LongAdder upgradeRequestsReleased = new LongAdder();

    @PostConstruct
    void init() {
        Publishing publishing = new Publishing() {
            @Override
            public void commit(ClientConnection connection, List<ClientFrame.Publish> batch) {
                Gateway.this.commit(connection, batch);
            }

            @Override
            public void refuse(ClientConnection connection, ClientFrame.Publish publish) {
                Gateway.this.refuse(connection, publish);
            }
        };
        settings = new ConnectionSettings(deliveryThreads.executor(), publishExecutor, config.outboundQueueLimit(),
                config.outboundFramesInFlight(), config.maxQueuedTasks(), config.maxPendingPublishes(),
                config.groupCommitMaxEvents(), publishing, config.frameMaxBytes());
    }

    public void open(Session session) {
        ClientHandshake.takeConnection(session.getUserProperties()).ifPresent(this::releaseUpgradeRequest);
        Handshake handshake;
        try {
            handshake = Handshake.of(session.getRequestParameterMap());
        } catch (Handshake.Refused refused) {
            log.fine(() -> "handshake refused with " + refused.closeCode().code() + ": " + refused.getMessage());
            ClientConnection.closeSession(session, refused.closeCode(), refused.getMessage());
            return;
        }
        Grant grant;
        try {
            grant = authenticate(session, handshake);
        } catch (TokenRefused refused) {
            log.info(() -> "handshake of client " + handshake.clientId() + " refused with 4403: " + refused.getMessage());
            ClientConnection.closeSession(session, CloseCode.INVALID_TOKEN, refused.getMessage());
            return;
        }
        try {
            ClientConnection connection = new ClientConnection(session, handshake, grant, UUID.randomUUID().toString(),
                    settings, new FrameRate(config.framesPerSecond(), config.maxRateLimitedSeconds()));
            session.getUserProperties().put(CONNECTION, connection);
            connection.send(ServerFrames.hello(Instant.now(), UUID.randomUUID().toString(), handshake.clientId(),
                    connection.sessionId(), config.heartbeatIntervalMs(), config.ackTimeoutMs(), config.maxRetries(),
                    config.frameMaxBytes(), config.framesPerSecond()));
            registry.register(connection);
            log.fine(() -> "client " + handshake.clientId() + " connected as " + handshake.role()
                    + ", session " + connection.sessionId());
        } catch (RuntimeException e) {
            log.log(Level.SEVERE, "handshake of client " + handshake.clientId() + " failed", e);
            ClientConnection.closeSession(session, CloseCode.HANDSHAKE_ERROR, "server error during handshake");
        }
    }

    /**
     * Lets go of the upgrade request that the container keeps with the connection ({@link UpgradeRelease}),
     * unless {@code surewire.websocket.release-upgrade-request} is false. Says once when it cannot.
     */
    private void releaseUpgradeRequest(Object httpConnection) {
        if (!config.releaseUpgradeRequest()) {
            return;
        }
        if (UpgradeRelease.release(httpConnection)) {
            upgradeRequestsReleased.increment();
        } else if (upgradeReleaseMissed.compareAndSet(false, true)) {
            log.info(() -> "the upgrade request of a WebSocket connection could not be let go of (no "
                    + "upgrade listener to clear in " + httpConnection.getClass().getName() + "): each open connection"
                    + " keeps it, about 2.5 KB of heap");
        }
    }

    /** How many connections let go of their upgrade request since the application started. */
    public long upgradeRequestsReleased() {
        return upgradeRequestsReleased.sum();
    }

    /**
     * What the connection may do: its token's grant, checked before anything of the connection
     * exists, so that a refused handshake never supersedes an open connection of the same client_id.
     * The token comes in the {@code token} query parameter or an {@code Authorization: Bearer} header
     * (not both); its {@code sub} must be the client_id, and its role the connection's, unless it is
     * an operator's.
     */
    private Grant authenticate(Session session, Handshake handshake) throws TokenRefused {
        if (!security.enabled()) {
            return Grant.unrestricted(handshake.clientId(), handshake.role());
        }
        Optional<String> header = BearerHeader.of(session.getUserProperties());
        if (header.isPresent() && handshake.token() != null) {
            throw new TokenRefused("give the token once: in the token parameter or in the Authorization header");
        }
        Grant grant = security.verify(header.orElse(handshake.token()));
        if (!grant.subject().equals(handshake.clientId())) {
            throw new TokenRefused("the token's sub is not this client_id");
        }
        if (!grant.role().equals(handshake.role()) && !grant.isOperator()) {
            throw new TokenRefused("the token is for role " + grant.role() + ", not " + handshake.role());
        }
        return grant;
    }

    /** A part of a text frame; the frame is handled once whole, or the connection closed with 1009 if too big. */
    public void receive(Session session, String part, boolean last) {
        ClientConnection connection = connection(session);
        if (connection == null || !connection.isOpen()) {
            return;
        }
        if (!connection.incoming().add(part)) {
            log.info(() -> "client " + connection.clientId() + " sent a frame over " + config.frameMaxBytes()
                    + " bytes: closing with 1009");
            registry.drop(connection, CloseCode.TOO_BIG, "frame larger than " + config.frameMaxBytes() + " bytes");
        } else if (last) {
            receive(connection, connection.incoming().take());
        }
    }

    private void receive(ClientConnection connection, String text) {
        if (!admit(connection, text)) {
            return;
        }
        ClientFrame frame;
        try {
            frame = FrameCodec.decode(text);
        } catch (ProtocolException refused) {
            connection.send(ServerFrames.error(refused.code(), refused.getMessage(), refused.requestId()));
            return;
        }
        dispatch(connection, frame);
    }

    /**
     * Counts the frame against the connection's rate; answers or closes when it is over. The first
     * frame refused in a second is named in the {@code rate_limited} answer ({@code text}, or
     * {@code null} for a binary frame), so that the client knows what to send again.
     */
    private boolean admit(ClientConnection connection, String text) {
        long now = System.currentTimeMillis();
        connection.heard(now);
        switch (connection.rate().admit(now)) {
            case ADMIT -> {
                return true;
            }
            case REFUSE_AND_TELL -> connection.send(ServerFrames.rateLimited("more than " + config.framesPerSecond()
                    + " frames per second; this frame and the rest of this second's excess are dropped", readable(text)));
            case CLOSE -> {
                log.info(() -> "client " + connection.clientId() + " over the frame rate for "
                        + config.maxRateLimitedSeconds() + " s: closing with 4429");
                registry.drop(connection, CloseCode.TOO_MANY, "too many requests");
            }
            case REFUSE -> {
            }
        }
        return false;
    }

    private void dispatch(ClientConnection connection, ClientFrame frame) {
        if (!permitted(connection, frame)) {
            log.fine(() -> "client " + connection.clientId() + " may not " + frame.type() + " " + frame.topic());
            connection.send(ServerFrames.error(ErrorCode.FORBIDDEN, "the token does not allow " + frame.type()
                    + " on " + frame.topic(), frame.requestId()));
        } else if (frame instanceof ClientFrame.Subscribe subscribe) {
            tracker.subscribe(connection, subscribe);
        } else if (frame instanceof ClientFrame.Unsubscribe unsubscribe) {
            tracker.unsubscribe(connection, unsubscribe);
        } else if (frame instanceof ClientFrame.Ack ack) {
            connection.acks().take(ack);
        } else if (frame instanceof ClientFrame.Resync resync) {
            tracker.resync(connection, resync);
        } else if (frame instanceof ClientFrame.Publish publish) {
            publish(connection, publish);
        } else if (frame instanceof ClientFrame.Ping ping) {
            connection.send(ServerFrames.pong(ping.ts()));
        }
        // a pong needs nothing beyond having been heard
    }

    /** {@code subscribe} and {@code resync} need the token's {@code topics}, {@code publish} its {@code publish}. */
    private static boolean permitted(ClientConnection connection, ClientFrame frame) {
        Grant grant = connection.grant();
        if (frame instanceof ClientFrame.Subscribe || frame instanceof ClientFrame.Resync) {
            return grant.mayRead(frame.topic());
        }
        return !(frame instanceof ClientFrame.Publish) || grant.mayPublish(frame.topic());
    }

    /**
     * Hands the publish to the connection's publish lane; when the lane or the publish pool is full
     * it is refused at once with {@code error} {@code unavailable}: the client tries again later.
     */
    private void publish(ClientConnection connection, ClientFrame.Publish publish) {
        if (!connection.publish(publish)) {
            log.fine(() -> "client " + connection.clientId() + " has " + config.maxPendingPublishes()
                    + " publishes waiting: refusing one to " + publish.topic());
            refuse(connection, publish);
        }
    }

    private void refuse(ClientConnection connection, ClientFrame.Publish publish) {
        connection.send(ServerFrames.error(ErrorCode.UNAVAILABLE, "too many publishes waiting; try again later",
                publish.requestId()));
    }

    /**
     * Commits the publishes that waited in a connection's lane, in order, in one transaction whatever
     * their topics (through the topic's group commit when they have one), each answered with its own
     * receipt or error once committed.
     */
    private void commit(ClientConnection connection, List<ClientFrame.Publish> batch) {
        if (!connection.isOpen()) {
            return;
        }
        List<?> outcomes;
        try {
            outcomes = publisher.publishTogether(batch.stream()
                    .map(p -> new Publication(p.topic(), p.payload(), p.requiresAck(),
                            IdempotencyKey.ofClient(connection.clientId(), p.clientMsgId())))
                    .toList());
        } catch (RuntimeException failed) {
            outcomes = Collections.nCopies(batch.size(), failed);
        }
        for (int i = 0; i < batch.size(); i++) {
            answer(connection, batch.get(i), outcomes.get(i));
        }
    }

    private void answer(ClientConnection connection, ClientFrame.Publish publish, Object outcome) {
        if (outcome instanceof Receipt receipt) {
            connection.send(ServerFrames.receipt(publish.clientMsgId(), receipt.topic(), receipt.seq(),
                    receipt.duplicate(), publish.requestId()));
        } else if (outcome instanceof IdempotencyConflict conflict) {
            connection.send(ServerFrames.error(ErrorCode.BAD_FRAME, conflict.getMessage(), publish.requestId()));
        } else {
            RuntimeException failed = (RuntimeException) outcome;
            log.log(Level.WARNING, "publish of client " + connection.clientId() + " to " + publish.topic() + " failed",
                    failed);
            connection.send(ServerFrames.error(Failures.errorCode(failed), Failures.describe(failed), publish.requestId()));
        }
    }

    private static ClientFrame readable(String text) {
        if (text == null) {
            return null;
        }
        try {
            return FrameCodec.decode(text);
        } catch (ProtocolException unreadable) {
            return null;
        }
    }

    /** Binary frames are not part of the protocol: answered {@code bad_frame} once whole, never buffered. */
    public void receiveBinary(Session session, boolean last) {
        ClientConnection connection = connection(session);
        if (last && connection != null && connection.isOpen() && admit(connection, null)) {
            connection.send(ServerFrames.error(ErrorCode.BAD_FRAME, "binary frames are not supported; send JSON text",
                    null));
        }
    }

    public void closed(Session session, CloseReason reason) {
        ClientConnection connection = connection(session);
        if (connection != null) {
            registry.forget(connection);
            log.fine(() -> "client " + connection.clientId() + " disconnected: " + reason.getCloseCode().getCode()
                    + " " + reason.getReasonPhrase());
        }
    }

    public void failed(Session session, Throwable failure) {
        ClientConnection connection = connection(session);
        String who = connection == null ? "a client" : "client " + connection.clientId();
        if (failure instanceof IOException) {
            log.fine(() -> who + " lost its connection: " + failure);
        } else {
            log.log(Level.WARNING, "WebSocket error of " + who, failure);
        }
    }

    private static ClientConnection connection(Session session) {
        return (ClientConnection) session.getUserProperties().get(CONNECTION);
    }
}
