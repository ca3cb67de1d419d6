package io.surewire.gateway.control;

import io.surewire.delivery.control.AckInbox;
import io.surewire.delivery.control.Channel;
import io.surewire.protocol.ClientFrame;
import io.surewire.protocol.CloseCode;
import io.surewire.protocol.Handshake;
import io.surewire.security.control.Grant;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One open WebSocket connection: who it is, when it was last heard from, and its way out. */
public final class ClientConnection implements Channel {

    private static final Logger LOG = Logger.getLogger(ClientConnection.class.getName());
    private static final int MAX_REASON_BYTES = 123;

    private final Session session;
    private final Handshake handshake;
    private final Grant grant;
    private final String sessionId;
    private final long connectedAt = System.currentTimeMillis();
    private final ConnectionSettings settings;
    private final SerialExecutor executor;
    /** Made at the connection's first publish: most connections only subscribe. */
    private BatchLane<ClientFrame.Publish> publishes;
    private final OutboundQueue queue;
    private final FrameRate rate;
    private final FrameAssembler incoming;
    private volatile long lastSeen = System.currentTimeMillis();
    private volatile long lastPing = lastSeen;
    private volatile boolean closing;
    private volatile AckInbox acks = AckInbox.NONE;

    public ClientConnection(Session session, Handshake handshake, Grant grant, String sessionId,
                            ConnectionSettings settings, FrameRate rate) {
        this.session = session;
        this.handshake = handshake;
        this.grant = grant;
        this.sessionId = sessionId;
        this.settings = settings;
        this.executor = new SerialExecutor(settings.deliveryPool(), settings.taskLimit());
        this.rate = rate;
        this.incoming = new FrameAssembler(settings.frameLimit());
        this.queue = new OutboundQueue(session.getAsyncRemote(), settings.queueLimit(), settings.inFlight(),
                () -> closeSession(CloseCode.GOING_AWAY, CloseCode.GOING_AWAY.reason()));
    }

    /** Delivery took the connection: its acks go to {@code inbox} from now on. */
    public void attached(AckInbox inbox) {
        this.acks = inbox;
    }

    /** Where the connection's acks go; nowhere before it is attached. */
    public AckInbox acks() {
        return acks;
    }

    @Override
    public String clientId() {
        return handshake.clientId();
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    public String role() {
        return handshake.role();
    }

    /** What the connection's token lets it subscribe and publish to. */
    public Grant grant() {
        return grant;
    }

    public Instant connectedAt() {
        return Instant.ofEpochMilli(connectedAt);
    }

    public Instant lastSeen() {
        return Instant.ofEpochMilli(lastSeen);
    }

    public long lastSeenMillis() {
        return lastSeen;
    }

    public long lastPingMillis() {
        return lastPing;
    }

    /** Something arrived from the client. */
    public void heard(long now) {
        lastSeen = now;
    }

    public void pinged(long now) {
        lastPing = now;
    }

    public FrameRate rate() {
        return rate;
    }

    /** The text frame being received; parts arrive on one thread at a time. */
    public FrameAssembler incoming() {
        return incoming;
    }

    public Session session() {
        return session;
    }

    /**
     * Runs {@code task} after every task given before it; a connection with {@code taskLimit} tasks
     * waiting cannot keep up and is closed with 4429 instead.
     */
    @Override
    public void execute(Runnable task) {
        if (!executor.offer(task)) {
            cannotKeepUp();
        }
    }

    @Override
    public void executeHere(Runnable task) {
        if (!executor.runOrOffer(task)) {
            cannotKeepUp();
        }
    }

    private void cannotKeepUp() {
        if (isOpen()) {
            LOG.info(() -> "client " + clientId() + " has " + executor.size() + " tasks waiting: closing with 4429");
            close(CloseCode.TOO_MANY, "too many tasks waiting: the connection cannot keep up");
        }
    }

    /**
     * Queues a publish of this connection for the publish pool, after the connection's earlier
     * publishes; those that wait for a publish thread together are committed together. {@code false}
     * (nothing queued) when {@code publishLimit} of them wait already: the caller refuses it. A publish
     * the pool refuses to run is {@link Publishing#refuse refused}.
     */
    public boolean publish(ClientFrame.Publish publish) {
        return publishes().offer(publish);
    }

    private synchronized BatchLane<ClientFrame.Publish> publishes() {
        if (publishes == null) {
            Publishing publishing = settings.publishing();
            publishes = new BatchLane<>(new SerialExecutor(settings.publishPool(), settings.publishLimit()),
                    settings.publishLimit(), settings.publishBatch(), batch -> publishing.commit(this, batch),
                    p -> publishing.refuse(this, p));
        }
        return publishes;
    }

    @Override
    public void send(String frame) {
        queue.offer(frame, false);
    }

    @Override
    public boolean offerLive(String frame) {
        return queue.offer(frame, true);
    }

    @Override
    public int backlog() {
        return queue.backlog();
    }

    @Override
    public long queued() {
        return queue.queued();
    }

    @Override
    public long written() {
        return queue.written();
    }

    @Override
    public long stalledMillis(long now) {
        return queue.stalledMillis(now);
    }

    @Override
    public void whenDrained(Runnable task) {
        queue.whenDrained(() -> execute(task));
    }

    /** Closes at once: what is still queued is dropped. */
    @Override
    public void close(CloseCode code, String reason) {
        closing = true;
        queue.discard();
        closeSession(code, reason);
    }

    /** Sends what is queued, then closes with 1001: the shutdown notice reaches the client first. */
    public CompletableFuture<Void> closeAfterWrites() {
        closing = true;
        return queue.closeAfterWrites();
    }

    @Override
    public boolean isOpen() {
        return !closing && session.isOpen();
    }

    private void closeSession(CloseCode code, String reason) {
        closeSession(session, code, reason);
    }

    /** Closes a session with one of the protocol's codes; the reason is cut to what a close frame holds. */
    public static void closeSession(Session session, CloseCode code, String reason) {
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), fit(reason)));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "closing a session with " + code.code() + " failed", e);
        }
    }

    private static String fit(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return reason;
        }
        String cut = new String(bytes, 0, MAX_REASON_BYTES, StandardCharsets.UTF_8);
        while (cut.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut;
    }
}
