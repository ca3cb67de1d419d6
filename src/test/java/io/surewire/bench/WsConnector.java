package io.surewire.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator's WebSocket client: Netty on a few IO threads, no thread per connection.
 * Connections are spread round-robin over the source addresses 127.0.0.1 … 127.0.0.n, since one
 * source address has only about 28,000 ephemeral ports toward one server port. At most
 * {@code maxHandshakes} handshakes are in flight at once, so that a storm of connects is a queue on
 * this side, not a SYN flood on the server's backlog.
 */
public final class WsConnector implements AutoCloseable {

    /** What a connection tells its owner; called on the connection's IO thread. */
    public interface Listener {
        void onText(WsConnection connection, String text);

        /** The close code the server sent, or 1006 when the connection ended without a close frame. */
        void onClose(WsConnection connection, int code);
    }

    private static final int MAX_FRAME = 1 << 20;

    private final EventLoopGroup group;
    private final List<InetAddress> sources = new ArrayList<>();
    private final AtomicInteger nextSource = new AtomicInteger();
    private final Semaphore handshakes;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-reconnect");
        thread.setDaemon(true);
        return thread;
    });

    public WsConnector(int ioThreads, int sourceAddresses, int maxHandshakes) {
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
        this.handshakes = new Semaphore(maxHandshakes);
        try {
            for (int i = 1; i <= sourceAddresses; i++) {
                sources.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens {@code uri}; the future completes once the upgrade is done (or fails). */
    public CompletableFuture<WsConnection> connect(URI uri, Listener listener) {
        CompletableFuture<WsConnection> opened = new CompletableFuture<>();
        try {
            if (!handshakes.tryAcquire(2, TimeUnit.MINUTES)) {
                opened.completeExceptionally(new IllegalStateException("no handshake slot in 2 minutes"));
                return opened;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opened.completeExceptionally(e);
            return opened;
        }
        opened.whenComplete((c, e) -> handshakes.release());
        InetAddress source = sources.get(Math.floorMod(nextSource.getAndIncrement(), sources.size()));
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .handleCloseFrames(false)
                .generateOriginHeader(false)
                .maxFramePayloadLength(MAX_FRAME)
                .handshakeTimeoutMillis(60_000)
                .build();
        new Bootstrap().group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 60_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                                new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(MAX_FRAME),
                                new Handler(new WsConnection(channel), listener, opened));
                    }
                })
                .connect(new InetSocketAddress(uri.getHost(), uri.getPort()), new InetSocketAddress(source, 0))
                .addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        opened.completeExceptionally(f.cause());
                    }
                });
        return opened;
    }

    /** Runs {@code task} after {@code delay} on a thread of its own (a connect may wait for a handshake slot: never on an IO thread). */
    public void later(Duration delay, Runnable task) {
        later.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        later.shutdownNow();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One open connection. */
    public static final class WsConnection {

        private final Channel channel;

        WsConnection(Channel channel) {
            this.channel = channel;
        }

        public void send(String text) {
            channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
        }

        /** A clean close: close frame 1000, then the socket. */
        public void close() {
            if (channel.isActive()) {
                channel.writeAndFlush(new CloseWebSocketFrame(1000, "bye")).addListener(ChannelFutureListener.CLOSE);
            }
        }

        /** Whether the socket is still open. */
        public boolean isOpen() {
            return channel.isActive();
        }

        public CompletableFuture<Void> closed() {
            CompletableFuture<Void> done = new CompletableFuture<>();
            channel.closeFuture().addListener(f -> done.complete(null));
            return done;
        }
    }

    private static final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {

        private final WsConnection connection;
        private final Listener listener;
        private final CompletableFuture<WsConnection> opened;
        private int closeCode = 1006;

        Handler(WsConnection connection, Listener listener, CompletableFuture<WsConnection> opened) {
            this.connection = connection;
            this.listener = listener;
            this.opened = opened;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                opened.complete(connection);
            } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                opened.completeExceptionally(new IllegalStateException("handshake timeout"));
                ctx.close();
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text) {
                listener.onText(connection, text.text());
            } else if (frame instanceof CloseWebSocketFrame close) {
                closeCode = close.statusCode() < 0 ? 1005 : close.statusCode();
                ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (!opened.isDone()) {
                opened.completeExceptionally(new IllegalStateException("closed before the upgrade (" + closeCode + ")"));
            } else {
                listener.onClose(connection, closeCode);
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            opened.completeExceptionally(cause);
            ctx.close();
        }
    }
}
