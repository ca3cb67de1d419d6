package io.surewire.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.protocol.CloseCode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Subscriptions}: the one registry of connections and their topics, under races. */
class SubscriptionsTest {

    private static final int MAX_TOPICS = 3;

    /** A channel that is only a name: the registry never calls it. */
    record NamedChannel(String sessionId) implements Channel {
        @Override
        public String clientId() {
            return "client-" + sessionId;
        }

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public void send(String frame) {
        }

        @Override
        public boolean offerLive(String frame) {
            return true;
        }

        @Override
        public int backlog() {
            return 0;
        }

        @Override
        public long queued() {
            return 0;
        }

        @Override
        public long written() {
            return 0;
        }

        @Override
        public long stalledMillis(long now) {
            return 0;
        }

        @Override
        public void whenDrained(Runnable task) {
        }

        @Override
        public void close(CloseCode code, String reason) {
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }

    private static ChannelDeliveries deliveries(String sessionId) {
        return deliveries(sessionId, (due, deliveries) -> { });
    }

    private static ChannelDeliveries deliveries(String sessionId, ChannelDeliveries.RetrySchedule schedule) {
        return new ChannelDeliveries(new NamedChannel(sessionId), null, null,
                new DeliverySettings(5000, 3, 100, 10), System::currentTimeMillis, schedule);
    }

    @Test
    void subscribeCountsTopicsAgainstTheLimitAndDetachTakesEveryIndex() {
        Subscriptions subscriptions = new Subscriptions();
        ChannelDeliveries a = deliveries("a");
        ChannelDeliveries b = deliveries("b");
        subscriptions.attach(a);
        subscriptions.attach(b);

        for (String topic : List.of("t1", "t2", "t3")) {
            assertEquals(Subscriptions.Outcome.SUBSCRIBED, subscriptions.subscribe("a", topic, MAX_TOPICS));
        }
        assertEquals(Subscriptions.Outcome.SUBSCRIBED, subscriptions.subscribe("a", "t2", MAX_TOPICS),
                "a topic it has counts once");
        assertEquals(Subscriptions.Outcome.LIMIT_REACHED, subscriptions.subscribe("a", "t4", MAX_TOPICS));
        assertEquals(Subscriptions.Outcome.SUBSCRIBED, subscriptions.subscribe("b", "t1", MAX_TOPICS));
        assertEquals(Set.of(a, b), subscriptions.subscribers("t1"));
        assertEquals(Set.of("t1", "t2", "t3"), subscriptions.topics());

        assertTrue(subscriptions.unsubscribe("a", "t3"));
        assertEquals(Subscriptions.Outcome.SUBSCRIBED, subscriptions.subscribe("a", "t4", MAX_TOPICS),
                "an unsubscribed topic gives its place back");

        assertEquals(a, subscriptions.detach("a").orElseThrow());
        assertEquals(Set.of(b), subscriptions.subscribers("t1"));
        assertEquals(Set.of("t1"), subscriptions.topics());
        assertEquals(Subscriptions.Outcome.DETACHED, subscriptions.subscribe("a", "t1", MAX_TOPICS));
        assertEquals(Set.of(b), subscriptions.subscribers("t1"), "a detached connection is never added again");

        subscriptions.detach("b");
        assertTrue(subscriptions.isEmpty());
    }

    @Test
    void dueIsTheAttachedConnectionsThatHaveSomethingToDo() {
        Subscriptions subscriptions = new Subscriptions();
        ChannelDeliveries idle = deliveries("idle", subscriptions);
        ChannelDeliveries failed = deliveries("failed", subscriptions);
        subscriptions.attach(idle);
        subscriptions.attach(failed);
        assertEquals(List.of(), subscriptions.due(System.currentTimeMillis()), "nothing sent, nothing due");

        failed.retrySoon();
        assertEquals(List.of(failed), subscriptions.due(System.currentTimeMillis()));
        assertEquals(List.of(), subscriptions.due(System.currentTimeMillis()),
                "taken by the tick: not due again until its retry enters it again");

        failed.retrySoon();
        subscriptions.detach("failed");
        assertEquals(List.of(), subscriptions.due(System.currentTimeMillis()), "a detached connection is not");
    }

    @Test
    void aConnectionIsDueAtTheTimeItEnteredNotBefore() {
        Subscriptions subscriptions = new Subscriptions();
        ChannelDeliveries a = deliveries("a", subscriptions);
        ChannelDeliveries b = deliveries("b", subscriptions);
        ChannelDeliveries stranger = deliveries("stranger", subscriptions);
        subscriptions.attach(a);
        subscriptions.attach(b);

        subscriptions.at(2_000, a);
        subscriptions.at(1_000, b);
        subscriptions.at(3_000, a);
        subscriptions.at(1_000, stranger);
        assertEquals(List.of(), subscriptions.due(999));
        assertEquals(List.of(b), subscriptions.due(1_000), "a connection never attached is not entered");
        assertEquals(List.of(a), subscriptions.due(5_000), "entered twice, it is due at the sooner time, once");
        assertEquals(List.of(), subscriptions.due(Long.MAX_VALUE));
    }

    /**
     * Regression: a subscribe racing the connection's removal (heartbeat drop, supersede, operator
     * disconnect) left a subscriber entry behind. Thousands of races, then every index is empty.
     */
    @Test
    void subscribesRacingDetachLeaveNothingBehind() throws Exception {
        Subscriptions subscriptions = new Subscriptions();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 3_000; round++) {
                String session = "s" + round;
                int first = round % 7;
                subscriptions.attach(deliveries(session));
                CyclicBarrier start = new CyclicBarrier(3);
                Future<?> subscriber = threads.submit(() -> {
                    start.await();
                    for (int t = 0; t < MAX_TOPICS; t++) {
                        subscriptions.subscribe(session, "topic-" + (t + first), MAX_TOPICS);
                    }
                    return null;
                });
                Future<?> unsubscriber = threads.submit(() -> {
                    start.await();
                    subscriptions.unsubscribe(session, "topic-" + first);
                    return null;
                });
                Future<?> remover = threads.submit(() -> {
                    start.await();
                    subscriptions.detach(session);
                    return null;
                });
                subscriber.get(10, TimeUnit.SECONDS);
                unsubscriber.get(10, TimeUnit.SECONDS);
                remover.get(10, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertEquals(0, subscriptions.size());
        assertEquals(Set.of(), subscriptions.topics(), "a topic index still names a removed connection");
        assertTrue(subscriptions.isEmpty());
    }
}
