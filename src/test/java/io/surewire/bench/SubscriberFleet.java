package io.surewire.bench;

import io.surewire.client.WireLog;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;

/** The subscribers of one case: client i on topic i mod topics, connected together, closed together. */
final class SubscriberFleet implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SubscriberFleet.class.getName());

    private final List<BenchSubscriber> subscribers = new ArrayList<>();
    private final List<String> topics;
    private final Tally tally;
    private final WireLog wire;
    private int connectFailures;

    /** {@code wire} records every raw frame (for OrderCheck); null for none. */
    SubscriberFleet(String prefix, int clients, List<String> topics, Tally tally, WireLog wire) {
        this.topics = topics;
        this.tally = tally;
        this.wire = wire;
        for (int i = 0; i < clients; i++) {
            subscribers.add(new BenchSubscriber(prefix + "-c" + i, topics.get(i % topics.size()), tally));
        }
    }

    /** Every subscriber acks as {@link BenchSubscriber#coalesceAcks} says. */
    SubscriberFleet coalesceAcks(Duration delay, int maxEvents) {
        subscribers.forEach(s -> s.coalesceAcks(delay, maxEvents));
        return this;
    }

    List<BenchSubscriber> subscribers() {
        return subscribers;
    }

    List<String> topics() {
        return topics;
    }

    Tally tally() {
        return tally;
    }

    int connectFailures() {
        return connectFailures;
    }

    /** How many subscribers are on {@code topic}. */
    long subscribersOf(String topic) {
        return subscribers.stream().filter(s -> s.topic().equals(topic)).count();
    }

    /** Connects every subscriber ({@code since} per subscriber, null for none) and waits until all that connected are subscribed. */
    void connect(WsConnector connector, URI endpoint, Function<BenchSubscriber, Long> since, Duration atMost) {
        if (wire != null) {
            subscribers.forEach(s -> s.recordInto(wire));
        }
        List<CompletableFuture<BenchSubscriber>> connecting = new ArrayList<>();
        for (BenchSubscriber subscriber : subscribers) {
            connecting.add(subscriber.connect(connector, endpoint, since.apply(subscriber)));
        }
        connectFailures = 0;
        for (CompletableFuture<BenchSubscriber> c : connecting) {
            try {
                c.get(atMost.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                connectFailures++;
                if (connectFailures <= 3) {
                    LOG.warning("connect failed: " + e);
                }
            }
        }
        Wait.quietly(atMost, () -> subscribers.stream().filter(BenchSubscriber::open).allMatch(BenchSubscriber::subscribed));
    }

    long subscribedCount() {
        return subscribers.stream().filter(BenchSubscriber::subscribed).count();
    }

    @Override
    public void close() {
        subscribers.forEach(BenchSubscriber::close);
        for (BenchSubscriber subscriber : subscribers) {
            try {
                subscriber.closed().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.fine("close: " + e);
            }
        }
    }
}
