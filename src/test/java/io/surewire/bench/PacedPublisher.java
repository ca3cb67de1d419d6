package io.surewire.bench;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * One publisher on one WebSocket connection, sending {@code publish} frames on a fixed schedule
 * (event i at start + i / rate, topics in turn). Each payload carries the <em>intended</em> send time
 * of its slot ({@code bench_t}, {@link System#nanoTime()} of this JVM), so a latency measured from it
 * includes any time the publisher spent behind its schedule. Bounded by a duration; it stops by itself.
 */
final class PacedPublisher implements WsConnector.Listener {

    private final String clientId;
    private final String padding;
    private final Map<String, LongAdder> receipts = new ConcurrentHashMap<>();
    private final LongAdder errors = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private volatile boolean helloSeen;
    private volatile int closeCode;
    private WsConnector.WsConnection connection;

    PacedPublisher(String clientId, int payloadBytes) {
        this.clientId = clientId;
        this.padding = "x".repeat(Math.max(0, payloadBytes - 40));
    }

    void connect(WsConnector connector, URI endpoint) throws Exception {
        connection = connector.connect(URI.create(endpoint + "?client_id=" + clientId), this).get(1, TimeUnit.MINUTES);
        Wait.until("hello for " + clientId, Duration.ofSeconds(30), () -> helloSeen);
    }

    /** Publishes at {@code eventsPerSecond} for {@code duration}, then waits (bounded) for the receipts. */
    void run(List<String> topics, double eventsPerSecond, Duration duration) {
        long start = System.nanoTime();
        long interval = (long) (1_000_000_000L / eventsPerSecond);
        long count = (long) (duration.toNanos() / (double) interval);
        for (long i = 0; i < count && closeCode == 0; i++) {
            long intended = start + i * interval;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String topic = topics.get((int) (i % topics.size()));
            connection.send("{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"client_msg_id\":\"" + clientId + "-" + i
                    + "\",\"payload\":{\"bench_t\":" + intended + ",\"i\":" + i + ",\"pad\":\"" + padding + "\"}}");
            sent.increment();
        }
        Wait.quietly(Duration.ofSeconds(30), () -> receipts() + errors.sum() >= sent.sum() || closeCode != 0);
    }

    long sent() {
        return sent.sum();
    }

    long receipts() {
        return receipts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long receipts(String topic) {
        LongAdder n = receipts.get(topic);
        return n == null ? 0 : n.sum();
    }

    long errors() {
        return errors.sum();
    }

    void close() {
        if (connection != null) {
            connection.close();
        }
    }

    @Override
    public void onText(WsConnector.WsConnection c, String text) {
        String type = FrameText.string(text, "type");
        if ("receipt".equals(type)) {
            receipts.computeIfAbsent(FrameText.string(text, "topic"), t -> new LongAdder()).increment();
        } else if ("error".equals(type)) {
            errors.increment();
        } else if ("hello".equals(type)) {
            helloSeen = true;
        } else if ("ping".equals(type)) {
            c.send(FrameText.pong(text));
        }
    }

    @Override
    public void onClose(WsConnector.WsConnection c, int code) {
        closeCode = code;
    }
}
