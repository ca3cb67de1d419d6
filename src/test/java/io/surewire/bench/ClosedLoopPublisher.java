package io.surewire.bench;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A WebSocket publisher in a closed loop: the next {@code publish} frame when the receipt (or an
 * error) of the previous one came, until a deadline; topics in turn. Each payload carries its send
 * time ({@code bench_t}, {@link System#nanoTime()} of this JVM), so that subscribers time publish → deliver.
 */
final class ClosedLoopPublisher implements WsConnector.Listener {

    private final String clientId;
    private final List<String> topics;
    private final long deadlineNanos;
    private final String pad = "x".repeat(60);
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    final LongAdder receipts = new LongAdder();
    final LongAdder errors = new LongAdder();
    /** Publish → receipt in microseconds (a closed loop: not corrected for coordinated omission). */
    final Histogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
    /** When the publish awaiting its answer was sent; only the connection's IO thread touches it. */
    private long sentAt;
    private long next;

    /** {@code first}: the index of the first topic, so that concurrent publishers start apart. */
    ClosedLoopPublisher(String clientId, List<String> topics, long deadlineNanos, int first) {
        this.next = first;
        this.clientId = clientId;
        this.topics = topics;
        this.deadlineNanos = deadlineNanos;
    }

    CompletableFuture<Void> start(WsConnector connector, URI endpoint) {
        connector.connect(URI.create(endpoint + "?client_id=" + clientId), this)
                .whenComplete((c, e) -> {
                    if (e != null) {
                        done.completeExceptionally(e);
                    }
                });
        return done;
    }

    @Override
    public void onText(WsConnector.WsConnection c, String text) {
        String type = FrameText.string(text, "type");
        if (type == null) {
            return;
        }
        switch (type) {
            case "hello" -> sendNext(c);
            case "receipt" -> {
                latency.recordValue((System.nanoTime() - sentAt) / 1000);
                receipts.increment();
                sendNext(c);
            }
            case "error" -> {
                errors.increment();
                sendNext(c);
            }
            case "ping" -> c.send(FrameText.pong(text));
            default -> {
            }
        }
    }

    private void sendNext(WsConnector.WsConnection c) {
        if (System.nanoTime() > deadlineNanos) {
            c.close();
            done.complete(null);
            return;
        }
        long i = next++;
        sentAt = System.nanoTime();
        c.send("{\"type\":\"publish\",\"topic\":\"" + topics.get((int) (i % topics.size())) + "\",\"client_msg_id\":\""
                + clientId + "-" + i + "\",\"payload\":{\"bench_t\":" + sentAt + ",\"i\":" + i + ",\"pad\":\"" + pad + "\"}}");
    }

    @Override
    public void onClose(WsConnector.WsConnection c, int code) {
        done.complete(null);
    }
}
