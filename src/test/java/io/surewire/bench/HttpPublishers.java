package io.surewire.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
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
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Concurrent publishers over HTTP ({@code POST /api/v1/topics/{topic}/events}), each a closed loop on a
 * kept-alive connection (the next request when the previous answered), topics in turn, all on one Netty IO
 * thread: the generator shares two cores with the server and the database, so a publisher must cost a small
 * part of what the server spends on the request. Bounded by a count or a deadline; a connection the server
 * closes is opened again.
 */
final class HttpPublishers implements AutoCloseable {

    private static final int MAX_RESPONSE = 1 << 16;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RECONNECT_PAUSE = Duration.ofMillis(100);

    private final URI base;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final byte[] body = ("{\"bench_t\":0,\"i\":0,\"pad\":\"" + "x".repeat(60) + "\"}").getBytes(StandardCharsets.UTF_8);
    final LongAdder published = new LongAdder();
    final LongAdder errors = new LongAdder();
    /** Request latency in microseconds (a closed loop: not corrected for coordinated omission). */
    final Histogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
    private final Map<String, AtomicLong> lastSeq = new ConcurrentHashMap<>();

    HttpPublishers(BenchServer server) {
        this.base = server.http("/api/v1/topics/");
    }

    /** Publishes {@code perTopic} events to each topic with {@code concurrency} publishers. */
    void publishEach(List<String> topics, int perTopic, int concurrency, Duration atMost) throws Exception {
        AtomicLong next = new AtomicLong();
        long total = (long) topics.size() * perTopic;
        run(concurrency, atMost, () -> {
            long i = next.getAndIncrement();
            return i >= total ? null : topics.get((int) (i % topics.size()));
        });
    }

    /** Publishes for {@code duration} with {@code concurrency} publishers, topics in turn. */
    void publishFor(List<String> topics, Duration duration, int concurrency) throws Exception {
        AtomicLong next = new AtomicLong();
        run(concurrency, duration, () -> topics.get((int) (next.getAndIncrement() % topics.size())));
    }

    /** The highest seq a publish to {@code topic} was given. */
    long lastSeq(String topic) {
        AtomicLong seq = lastSeq.get(topic);
        return seq == null ? 0 : seq.get();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * Runs the loops until {@code atMost} has passed or {@code nextTopic}, shared by the loops, gives null:
     * it tells where the next publish goes.
     */
    private void run(int concurrency, Duration atMost, Supplier<String> nextTopic) throws Exception {
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        long deadline = System.nanoTime() + atMost.toNanos();
        for (int i = 0; i < concurrency; i++) {
            Loop loop = new Loop(nextTopic, deadline);
            loops.add(loop.done);
            group.execute(loop::connect);
        }
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new))
                .get(atMost.plus(REQUEST_TIMEOUT).plusSeconds(30).toSeconds(), TimeUnit.SECONDS);
    }

    /** One publisher: its connection, the request in flight; touched on the IO thread only. */
    private final class Loop extends SimpleChannelInboundHandler<FullHttpResponse> {

        private final Supplier<String> nextTopic;
        private final long deadlineNanos;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private String pending;
        private String inFlight;
        private long sentAt;

        Loop(Supplier<String> nextTopic, long deadlineNanos) {
            this.nextTopic = nextTopic;
            this.deadlineNanos = deadlineNanos;
        }

        void connect() {
            new Bootstrap().group(group)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) REQUEST_TIMEOUT.toMillis())
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new ReadTimeoutHandler(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                                    new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE), Loop.this);
                        }
                    })
                    .connect(base.getHost(), base.getPort())
                    .addListener((ChannelFutureListener) f -> {
                        if (!f.isSuccess()) {
                            errors.increment();
                            group.schedule(this::again, RECONNECT_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
                        }
                    });
        }

        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            super.channelActive(ctx);
            send(ctx.channel());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            if (response.status().code() == 201) {
                published.increment();
                long seq = FrameText.number(response.content().toString(StandardCharsets.UTF_8), "seq", 0);
                lastSeq.computeIfAbsent(inFlight, t -> new AtomicLong()).accumulateAndGet(seq, Math::max);
            } else {
                errors.increment();
            }
            latency.recordValue((System.nanoTime() - sentAt) / 1000);
            inFlight = null;
            send(ctx.channel());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            super.channelInactive(ctx);
            if (inFlight != null) {
                errors.increment();
                pending = inFlight;
                inFlight = null;
            }
            if (!done.isDone()) {
                again();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        /** A new connection, unless the run is over (a publish that failed is tried again until the deadline). */
        private void again() {
            if (System.nanoTime() > deadlineNanos) {
                pending = null;
            } else if (pending == null) {
                pending = next();
            }
            if (pending == null) {
                done.complete(null);
            } else {
                connect();
            }
        }

        /** Where the next publish goes, or null when the run is over. */
        private String next() {
            return System.nanoTime() > deadlineNanos ? null : nextTopic.get();
        }

        private void send(Channel channel) {
            String topic = pending != null ? pending : next();
            pending = null;
            if (topic == null) {
                done.complete(null);
                channel.close();
                return;
            }
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, base.getRawPath()
                    + URLEncoder.encode(topic, StandardCharsets.UTF_8).replace("%2F", "/") + "/events",
                    Unpooled.wrappedBuffer(body));
            request.headers().set(HttpHeaderNames.HOST, base.getHost() + ":" + base.getPort())
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            inFlight = topic;
            sentAt = System.nanoTime();
            channel.writeAndFlush(request, channel.voidPromise());
        }
    }
}
