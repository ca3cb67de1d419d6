package io.surewire.bench;

import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Concurrent publishers over HTTP ({@code POST /api/v1/topics/{topic}/events}), each a closed loop
 * (the next request when the previous answered), topics in turn. Bounded by a count or a deadline.
 */
final class HttpPublishers {

    private final BenchServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String body = "{\"bench_t\":0,\"i\":0,\"pad\":\"" + "x".repeat(60) + "\"}";
    final LongAdder published = new LongAdder();
    final LongAdder errors = new LongAdder();
    /** Request latency in microseconds (a closed loop: not corrected for coordinated omission). */
    final Histogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
    private final Map<String, AtomicLong> lastSeq = new ConcurrentHashMap<>();

    HttpPublishers(BenchServer server) {
        this.server = server;
    }

    /** Publishes {@code perTopic} events to each topic with {@code concurrency} publishers. */
    void publishEach(List<String> topics, int perTopic, int concurrency, Duration atMost) throws Exception {
        AtomicLong next = new AtomicLong();
        long total = (long) topics.size() * perTopic;
        long deadline = System.nanoTime() + atMost.toNanos();
        run(concurrency, () -> {
            long i = next.getAndIncrement();
            if (i >= total || System.nanoTime() > deadline) {
                return false;
            }
            publish(topics.get((int) (i % topics.size())));
            return true;
        });
    }

    /** Publishes for {@code duration} with {@code concurrency} publishers, topics in turn. */
    void publishFor(List<String> topics, Duration duration, int concurrency) throws Exception {
        AtomicLong next = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        run(concurrency, () -> {
            if (System.nanoTime() > deadline) {
                return false;
            }
            publish(topics.get((int) (next.getAndIncrement() % topics.size())));
            return true;
        });
    }

    /** The highest seq a publish to {@code topic} was given. */
    long lastSeq(String topic) {
        AtomicLong seq = lastSeq.get(topic);
        return seq == null ? 0 : seq.get();
    }

    private void run(int concurrency, BooleanSupplier step) throws Exception {
        ExecutorService publishers = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                running.add(publishers.submit(() -> {
                    while (step.getAsBoolean()) {
                        // the step publishes
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            publishers.shutdownNow();
        }
    }

    private void publish(String topic) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.http("/api/v1/topics/"
                            + URLEncoder.encode(topic, StandardCharsets.UTF_8).replace("%2F", "/") + "/events"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201) {
                published.increment();
                long seq = jakarta.json.Json.createReader(new StringReader(response.body())).readObject()
                        .getJsonNumber("seq").longValue();
                lastSeq.computeIfAbsent(topic, t -> new AtomicLong()).accumulateAndGet(seq, Math::max);
            } else {
                errors.increment();
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            errors.increment();
        }
        latency.recordValue((System.nanoTime() - start) / 1000);
    }
}
