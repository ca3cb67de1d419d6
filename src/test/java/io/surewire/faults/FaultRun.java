package io.surewire.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.ReliableSubscriber;
import io.surewire.client.SubscriberRecord;
import io.surewire.client.TokenSource;
import io.surewire.it.DeliveryCheck;
import io.surewire.it.Endpoints;
import io.surewire.it.OrderCheck;
import io.surewire.it.TestTokens;
import io.surewire.it.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;

/**
 * One fault run: subscribers on a topic of their own, publishers that keep trying each message
 * (with its idempotency key) until it is committed, a fault injected while they publish, then the
 * wait for every subscriber to have every committed event, the verdict of {@link DeliveryCheck} on
 * what they processed and that of {@link OrderCheck} on the raw frames of each of their connections.
 */
public final class FaultRun implements AutoCloseable {

    /** The figures of a finished run. */
    public record Outcome(DeliveryCheck.Verdict verdict, OrderCheck.Verdict order, long convergeMillis,
                          long publishRetries, long failedPublishes) {
    }

    /** The publishers' token: security is on in the fault runs too. */
    private static final String TOKEN = TestTokens.all("fault-publisher", "frontend");

    private final URL base;
    /** Where publishes go: publisher {@code p} to the {@code p}-th (round the list), the next one when it does not answer. */
    private final List<URL> bases;
    private final String topic;
    private final List<ReliableSubscriber> subscribers = new ArrayList<>();
    private final AtomicLong publishRetries = new AtomicLong();
    private final AtomicLong failedPublishes = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicBoolean publishing = new AtomicBoolean();
    private final java.util.Map<String, AtomicLong> failures = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile String padding;

    private FaultRun(URL base, String topic) {
        this(List.of(base), topic);
    }

    private FaultRun(List<URL> bases, String topic) {
        this.base = bases.get(0);
        this.bases = List.copyOf(bases);
        this.topic = topic;
    }

    /** A run whose subscribers live elsewhere (another process): it publishes and reports. */
    public static FaultRun withoutSubscribers(URL base, String name) {
        return new FaultRun(base, Topics.unique(name));
    }

    /** How publishes failed before they were retried: status and body (or "no answer"), with counts. */
    public java.util.Map<String, Long> failures() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        failures.forEach((how, count) -> counts.put(how, count.get()));
        return counts;
    }

    public long publishRetries() {
        return publishRetries.get();
    }

    /** Starts {@code count} subscribers connecting to {@code endpoint} (the server's, or one through a fault). */
    public static FaultRun start(URL base, URI endpoint, String name, int count) {
        FaultRun run = new FaultRun(base, Topics.unique(name));
        for (int i = 0; i < count; i++) {
            run.subscribers.add(new ReliableSubscriber(endpoint, name + "-" + i, Set.of(run.topic)).start());
        }
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> run.subscribers.stream().allMatch(s -> s.connections() > 0));
        return run;
    }

    /**
     * Starts {@code count} subscribers on the nodes of a cluster: subscriber {@code i} connects to the
     * {@code i}-th of {@code endpoints} (round the list) and, when a node does not answer, to the next;
     * publishers publish to {@code bases} the same way.
     */
    public static FaultRun startOnCluster(List<URL> bases, List<URI> endpoints, String name, int count) {
        FaultRun run = new FaultRun(bases, Topics.unique(name));
        for (int i = 0; i < count; i++) {
            List<URI> rotated = new ArrayList<>(endpoints);
            Collections.rotate(rotated, -i);
            run.subscribers.add(new ReliableSubscriber(rotated, name + "-" + i, Set.of(run.topic), false,
                    TokenSource.standard()).start());
        }
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> run.subscribers.stream().allMatch(s -> s.connections() > 0));
        return run;
    }

    public String topic() {
        return topic;
    }

    public List<ReliableSubscriber> subscribers() {
        return subscribers;
    }

    public boolean publishing() {
        return publishing.get();
    }

    /** Holds the calling fault until {@code count} messages are committed: the fault lands mid-stream. */
    public void awaitPublished(long count) {
        while (published.get() < count && publishing.get()) {
            pause(10);
        }
    }

    /**
     * Publishes {@code events} messages over HTTP from {@code publishers} threads, each message
     * retried with its Idempotency-Key until the server answers 201, while {@code fault} runs
     * alongside; returns once every message is committed and the fault has stopped.
     */
    /**
     * The pace of {@link #publish}, all publishers together: the publishing must last while the fault
     * is injected (a run that publishes as fast as the server commits can be over before the first
     * blackout or restart, and then proves nothing).
     */
    private static final long PUBLISHES_PER_SECOND = 40;

    public void publish(int events, int publishers, Runnable fault) throws Exception {
        publishing.set(true);
        ExecutorService threads = Executors.newFixedThreadPool(publishers + 1);
        try {
            CompletableFuture<Void> injecting = CompletableFuture.runAsync(fault, threads);
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                int publisher = p;
                all.add(CompletableFuture.runAsync(() -> {
                    long start = System.nanoTime();
                    long interval = TimeUnit.SECONDS.toNanos(publishers) / PUBLISHES_PER_SECOND;
                    int k = 0;
                    for (int n = publisher; n < events; n += publishers, k++) {
                        long wait = start + k * interval - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                        publishOne(n, publisher);
                    }
                }, threads));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(15, TimeUnit.MINUTES);
            publishing.set(false);
            injecting.get(5, TimeUnit.MINUTES);
        } finally {
            publishing.set(false);
            threads.shutdownNow();
        }
    }

    /** Publishes {@code events} messages with a large {@code padding} each, counting them, with no fault. */
    public void publishPadded(int events, int publishers, String padding, AtomicLong published) throws Exception {
        this.padding = padding;
        publish(events, publishers, () -> { });
        published.set(events);
    }

    private void publishOne(int n, int publisher) {
        String body = padding == null ? "{\"n\":" + n + "}" : "{\"n\":" + n + ",\"padding\":\"" + padding + "\"}";
        int node = publisher;
        for (int attempt = 0; ; attempt++) {
            try {
                Answer answer = post(Endpoints.http(bases.get(node % bases.size()), "/api/v1/topics/" + topic + "/events"),
                        topic + "#" + n, body);
                if (answer.status() == 201) {
                    published.incrementAndGet();
                    return;
                }
                if (answer.status() < 500) {
                    throw new IllegalStateException("publish refused: " + answer.status() + " " + answer.body());
                }
                failedPublishes.incrementAndGet();
                failures.computeIfAbsent(answer.status() + " " + answer.body(), k -> new AtomicLong()).incrementAndGet();
            } catch (IOException failed) {
                node++; // a node that does not answer: the next one
                failedPublishes.incrementAndGet();
                failures.computeIfAbsent("no answer: " + failed.getClass().getSimpleName(), k -> new AtomicLong())
                        .incrementAndGet();
            }
            publishRetries.incrementAndGet();
            if (attempt > 2000) {
                throw new IllegalStateException("message " + n + " could not be published");
            }
            pause(Math.min(500, 20L * (attempt + 1)));
        }
    }

    private record Answer(int status, String body) {
    }

    /**
     * One publish on a connection of its own, closed after the answer ({@code Connection: close}), with
     * the JDK's plain {@link HttpURLConnection}. Twice in CI the JDK's {@code HttpClient} left
     * publishes of a restart's first second unanswered for its whole 30 s timeout, over HTTP/2 and over
     * HTTP/1.1 alike, while the server's access log showed every request it received answered within
     * 340 ms and its request threads went on serving others. The cause was not found; a fresh connection
     * per publish, as a script publishing with curl makes, takes the client's connection reuse out of the
     * run.
     */
    private static Answer post(URI uri, String idempotencyKey, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        try {
            connection.setConnectTimeout(5000);
            connection.setReadTimeout(30_000);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Connection", "close");
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setRequestProperty("Idempotency-Key", idempotencyKey);
            connection.setRequestProperty("Authorization", "Bearer " + TOKEN);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            connection.disconnect();
        }
    }

    /** Waits until every subscriber processed every committed event, and judges. */
    public Outcome converge(Duration timeout) throws SQLException {
        long committed = DeliveryCheck.committed(topic).size();
        long start = System.nanoTime();
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .until(() -> subscribers.stream().allMatch(s -> s.processed(topic) >= committed));
        } catch (org.awaitility.core.ConditionTimeoutException notConverged) {
            // judged below: the verdict names who is missing what
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new Outcome(DeliveryCheck.judge(topic, subscribers), OrderCheck.judge(subscribers), millis,
                publishRetries.get(), failedPublishes.get());
    }

    /** Records the row of the reliability table. */
    public void report(String fault, Outcome outcome, long faultsInjected, String notes) {
        report(fault, outcome, subscribers, faultsInjected, notes);
    }

    /** Records the row of the reliability table for subscribers that ran elsewhere. */
    public void report(String fault, Outcome outcome, List<? extends SubscriberRecord> judged, long faultsInjected,
                       String notes) {
        DeliveryCheck.Verdict verdict = outcome.verdict();
        long delivered = judged.stream().mapToLong(s -> Math.min(s.processed(topic), verdict.committed())).sum();
        double percent = verdict.committed() == 0 ? 100.0
                : 100.0 * delivered / ((double) verdict.committed() * judged.size());
        OrderCheck.Verdict order = outcome.order();
        FaultReport.record(new FaultReport.Row(fault, verdict.committed(), judged.size(),
                Math.round(percent * 1000) / 1000.0, verdict.duplicatesDropped(), outcome.convergeMillis(),
                faultsInjected, order, notes + "; publish retries " + outcome.publishRetries()
                + (verdict.holds() ? "" : "; PROBLEMS " + verdict.problems())
                + (order.holds() ? "" : "; ORDER " + order.violations().subList(0, Math.min(10, order.violations().size())))));
    }

    /** How many connections the subscribers lost (and saw closed), whatever closed them. */
    public long connectionsLost() {
        return subscribers.stream().mapToLong(s -> s.closeCodes().size()).sum();
    }

    /** Connections beyond each subscriber's first: how often they came back. */
    public long reconnects() {
        return subscribers.stream().mapToLong(s -> s.connections() - 1).sum();
    }

    /**
     * Every event came in its place on its connection (no event out of order, no gap the server made),
     * and no client had to ask for a resync: for faults that lose nothing in transit on an open
     * connection (TCP delivers in order or not at all), where only the server could cause a gap.
     */
    public static void assertInOrderWithoutResyncs(OrderCheck.Verdict order) {
        assertEquals(0, order.outOfOrderFrames(), "out-of-order frames: " + order);
        assertEquals(0, order.serverCausedGaps(), "server-caused gaps: " + order);
        assertTrue(order.holds(), order.toString());
        assertEquals(0, order.resyncs(), "resyncs, where only the server could cause a gap: " + order);
    }

    /** Sleeps: the pacing of an injected fault, not a wait for a result. */
    public static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        subscribers.forEach(ReliableSubscriber::close);
    }
}
