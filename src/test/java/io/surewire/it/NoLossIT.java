package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.ReliablePublisher;
import io.surewire.client.ReliableSubscriber;
import jakarta.json.Json;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nothing committed is lost while connections die: 20 subscribers, 4 concurrent publishers of 125
 * events each, and connections of both killed at random throughout. Every subscriber must end with
 * every committed seq exactly once, in order, after dropping duplicates; and on every connection each
 * event must have come in its place, with no resync: a killed connection loses nothing in transit
 * on the others, so only the server could have made a gap.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NoLossIT {

    private static final Logger LOG = Logger.getLogger(NoLossIT.class.getName());
    private static final int SUBSCRIBERS = 20;
    private static final int PUBLISHERS = 4;
    private static final int EVENTS_EACH = 125;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.surewire(Map.of("surewire.ack.timeout-ms", "2000"));
    }

    @ArquillianResource
    URL base;

    @Test
    void everySubscriberGetsEveryCommittedEventExactlyOnceInOrderWhileConnectionsAreKilled() throws Exception {
        String topic = Topics.unique("no-loss");
        URI endpoint = Endpoints.webSocket(base);
        List<ReliableSubscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            subscribers.add(new ReliableSubscriber(endpoint, "no-loss-sub-" + i, Set.of(topic)).start());
        }
        List<ReliablePublisher> publishers = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            publishers.add(new ReliablePublisher(endpoint, "no-loss-pub-" + p));
        }

        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicInteger kills = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(PUBLISHERS + 1);
        CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (publishing.get()) {
                if (random.nextInt(10) == 0) {
                    publishers.get(random.nextInt(PUBLISHERS)).kill();
                } else {
                    subscribers.get(random.nextInt(SUBSCRIBERS)).kill();
                }
                kills.incrementAndGet();
                pause(random.nextInt(20, 80));
            }
        }, threads);

        Set<Long> seqs = java.util.Collections.synchronizedSet(new HashSet<>());
        AtomicInteger duplicateReceipts = new AtomicInteger();
        List<CompletableFuture<Void>> publishing4 = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            ReliablePublisher publisher = publishers.get(p);
            int id = p;
            publishing4.add(CompletableFuture.runAsync(() -> {
                for (int n = 1; n <= EVENTS_EACH; n++) {
                    ReliablePublisher.Committed committed = publisher.publish(topic,
                            Json.createObjectBuilder().add("publisher", id).add("n", n).build(), "p" + id + "-" + n);
                    if (committed.duplicate()) {
                        duplicateReceipts.incrementAndGet();
                    }
                    seqs.add(committed.seq());
                }
            }, threads));
        }
        CompletableFuture.allOf(publishing4.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        publishing.set(false);
        killer.get(1, TimeUnit.MINUTES);
        threads.shutdown();

        int total = PUBLISHERS * EVENTS_EACH;
        assertEquals(total, seqs.size(), "each message was committed once, under its own seq");
        assertEquals(total, DeliveryCheck.committed(topic).size(), "the log holds each message once");

        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> subscribers.stream().allMatch(s -> s.processed(topic) == total));
        DeliveryCheck.Verdict verdict = DeliveryCheck.judge(topic, subscribers);
        OrderCheck.Verdict order = OrderCheck.judge(subscribers);
        LOG.info(() -> "no-loss run: " + verdict + ", " + kills.get() + " connections killed, "
                + duplicateReceipts.get() + " publishes answered as duplicates; raw frames: " + order);
        assertTrue(verdict.holds(), verdict.toString());
        assertTrue(kills.get() >= 20, "connections were killed: " + kills.get());
        assertTrue(verdict.connections() > SUBSCRIBERS, "subscribers reconnected: " + verdict.connections());
        assertEquals(0, order.outOfOrderFrames(), "out-of-order frames: " + order);
        assertEquals(0, order.serverCausedGaps(), "server-caused gaps: " + order);
        assertTrue(order.holds(), order.toString());
        assertEquals(0, order.resyncs(), "resyncs, where only the server could cause a gap: " + order);

        subscribers.forEach(ReliableSubscriber::close);
        publishers.forEach(ReliablePublisher::close);
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
