package io.surewire.bench;

import io.surewire.client.WireLog;
import io.surewire.it.OrderCheck;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * S4, reconnect storm: N clients subscribed, all disconnected, the topics advanced by a lag L, then
 * all reconnecting at once with {@code since}: the time until every one caught up, gaps and
 * duplicates on the raw frames, the server's delivery failures and redeliveries, close codes.
 */
final class ReconnectStormScenario {

    /** Up to this many replayed frames the raw frames are also judged by {@link OrderCheck}. */
    private static final long ORDER_CHECK_LIMIT = 500_000;

    private final BenchContext context;
    private int round;

    ReconnectStormScenario(BenchContext context) {
        this.context = context;
    }

    void run() throws java.io.IOException {
        BenchConfig config = context.config();
        int clients = config.size("s4.clients", 10_000, 100);
        int topics = config.size("s4.topics", 10, 4);
        for (int lag : config.sizes("s4.lags", List.of(0, 100, 10_000), List.of(0, 20))) {
            context.measure("S4 reconnect storm", clients + " clients, " + topics + " topics, lag " + lag,
                    () -> measure(clients, topics, lag));
        }
    }

    private Map<String, Object> measure(int clients, int topicCount, int lag) {
        Map<String, Object> figures = new LinkedHashMap<>();
        String caseName = "storm" + lag + "-" + (++round);
        List<String> topics = context.topics(caseName, topicCount);
        Duration atMost = Duration.ofSeconds(context.config().size("s4.deadline", 600, 60));
        try {
            Map<String, Long> since = new HashMap<>();
            try (SubscriberFleet first = new SubscriberFleet(context.clients(caseName), clients, topics, new Tally(), null)) {
                first.connect(context.connector(), context.server().surewire(), s -> null, Duration.ofMinutes(10));
                first.subscribers().forEach(s -> since.put(s.clientId(), Math.max(0, s.lastSeq())));
            }
            Map<String, Long> head = new HashMap<>();
            try (HttpPublishers publishers = new HttpPublishers(context.server());
                 Progress progress = new Progress(caseName + " lag", () -> "published " + publishers.published.sum()
                         + "/" + (long) lag * topicCount)) {
                publishers.publishEach(topics, lag, 16, atMost);
                topics.forEach(t -> head.put(t, publishers.lastSeq(t)));
            }
            JsonObject before = context.server().metrics();
            Tally tally = new Tally();
            WireLog wire = (long) clients * lag <= ORDER_CHECK_LIMIT ? new WireLog() : null;
            try (SubscriberFleet storm = new SubscriberFleet(context.clients(caseName), clients, topics, tally, wire)) {
                CpuWindow cpu = CpuWindow.start(context.server());
                long start = System.nanoTime();
                try (Progress progress = new Progress(caseName + " storm", () -> "caught up " + caughtUp(storm, head)
                        + "/" + clients + ", replayed " + tally.delivered.sum() + ", reconnects " + tally.reconnects.sum()
                        + ", closes " + tally.closeCodes())) {
                    storm.subscribers().forEach(BenchSubscriber::reconnectOnClose);
                    storm.connect(context.connector(), context.server().surewire(), s -> since.get(s.clientId()), atMost);
                    Duration left = atMost.minusNanos(System.nanoTime() - start);
                    Wait.quietly(left.toMillis() < 1 ? Duration.ofMillis(1) : left, () -> caughtUp(storm, head) == clients);
                }
                long catchUpMillis = (System.nanoTime() - start) / 1_000_000;
                cpu.put(figures);
                // past one ack timeout (5 s by default), so that what the storm left unacknowledged shows as redeliveries
                Hold.forAtLeast(Duration.ofSeconds(context.config().size("s4.settle", 6, 1)));
                JsonObject after = context.server().metrics();
                long replayed = tally.delivered.sum();
                figures.put("clients", (long) clients);
                figures.put("lag", (long) lag);
                figures.put("reconnected", storm.subscribedCount());
                figures.put("caught_up", (long) caughtUp(storm, head));
                figures.put("catch_up_ms", catchUpMillis);
                figures.put("replayed_events", replayed);
                figures.put("gaps", tally.gaps.sum());
                figures.put("duplicates", tally.duplicates.sum());
                figures.put("duplicates_per_replayed_event", replayed == 0 ? 0.0 : tally.duplicates.sum() / (double) replayed);
                figures.put("delivery_failures", delta(before, after, "failed"));
                figures.put("redeliveries", delta(before, after, "redelivered"));
                figures.put("resets", tally.resets.sum());
                figures.put("close_codes", tally.closeCodes());
                figures.put("reconnects", tally.reconnects.sum());
                if (wire != null) {
                    OrderCheck.Verdict verdict = OrderCheck.judgeConnections(wire.connections());
                    figures.put("order_check", verdict.holds() ? "holds" : verdict.toString());
                    figures.put("order_check_gaps", verdict.serverCausedGaps());
                } else {
                    figures.put("order_check", "skipped (too many frames to keep)");
                    figures.put("order_check_gaps", 0L);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("S4 " + caseName + " failed", e);
        }
        return figures;
    }

    private static int caughtUp(SubscriberFleet fleet, Map<String, Long> head) {
        int n = 0;
        for (BenchSubscriber s : fleet.subscribers()) {
            if (s.subscribed() && s.lastSeq() >= head.get(s.topic())) {
                n++;
            }
        }
        return n;
    }

    private static long delta(JsonObject before, JsonObject after, String field) {
        return after.getJsonNumber(field).longValue() - before.getJsonNumber(field).longValue();
    }
}
