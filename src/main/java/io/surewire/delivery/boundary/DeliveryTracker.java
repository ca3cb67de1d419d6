package io.surewire.delivery.boundary;

import io.surewire.delivery.control.Channel;
import io.surewire.delivery.control.ChannelDeliveries;
import io.surewire.delivery.control.DeliveryListener;
import io.surewire.delivery.control.DeliverySettings;
import io.surewire.delivery.control.DeliveryStatistics;
import io.surewire.delivery.control.EventSource;
import io.surewire.platform.Failures;
import io.surewire.platform.SurewireConfig;
import io.surewire.protocol.ClientFrame;
import io.surewire.protocol.ServerFrames;
import io.surewire.stream.boundary.EventLog;
import io.surewire.stream.control.StreamEvent;
import io.surewire.stream.control.TopicState;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The live delivery state of this node: for every connection and topic, what was sent and what is
 * acknowledged (a {@link ChannelDeliveries} per connection), and which connections subscribe to
 * which topic. Every change to one connection's state runs in that connection's serial executor;
 * this bean only routes, so it never blocks the committing thread nor one client for another.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeliveryTracker {

    private final Map<String, ChannelDeliveries> channels = new ConcurrentHashMap<>();
    private final Map<String, Set<ChannelDeliveries>> subscribers = new ConcurrentHashMap<>();

    @Inject
    EventLog log;

    @Inject
    CursorStore cursors;

    @Inject
    DeliveryFailures failures;

    @Inject
    DeliveryStatistics statistics;

    @Inject
    SurewireConfig config;

    @Inject
    Logger logger;

    private EventSource source;
    private DeliveryListener listener;
    private DeliverySettings settings;

    @PostConstruct
    void init() {
        source = new EventSource() {
            @Override
            public TopicState state(String topic) {
                return log.state(topic);
            }

            @Override
            public List<StreamEvent> read(String topic, long afterSeq, long upToSeq, int limit) {
                return log.read(topic, afterSeq, upToSeq, limit);
            }
        };
        listener = new DeliveryListener() {
            @Override
            public void acknowledged(String clientId, String topic, long epoch, long seq) {
                statistics.acked();
                cursors.advance(clientId, topic, epoch, seq);
            }

            @Override
            public void failed(String clientId, String topic, long fromSeq, long toSeq, String reason) {
                statistics.failed();
                failures.record(clientId, topic, fromSeq, toSeq, reason);
            }

            @Override
            public void sent(StreamEvent event, int redelivery, boolean live) {
                statistics.sent(event, redelivery, live);
            }
        };
        settings = new DeliverySettings(config.ackTimeoutMs(), config.maxRetries(), config.outboundQueueLimit(),
                config.replayPageSize());
    }

    public void attach(Channel channel) {
        channels.put(channel.sessionId(), new ChannelDeliveries(channel, source, listener, settings,
                System::currentTimeMillis));
    }

    /** Forgets the connection's deliveries; its durable cursors stay. */
    public void detach(Channel channel) {
        ChannelDeliveries deliveries = channels.remove(channel.sessionId());
        if (deliveries != null) {
            subscribers.keySet().forEach(topic -> subscribers.computeIfPresent(topic, (t, set) -> {
                set.remove(deliveries);
                return set.isEmpty() ? null : set;
            }));
        }
    }

    /** Forgets connections that are no longer open, and topics nobody here subscribes to any more. */
    public void removeStale() {
        channels.values().stream().map(ChannelDeliveries::channel).filter(c -> !c.isOpen()).forEach(this::detach);
        subscribers.keySet().forEach(topic -> subscribers.computeIfPresent(topic, (t, set) -> set.isEmpty() ? null : set));
    }

    /** How many topics have a subscriber on this node. */
    public int topicCount() {
        return subscribers.size();
    }

    /** The deliveries of every attached connection, for the operations views. */
    public Collection<ChannelDeliveries> all() {
        return List.copyOf(channels.values());
    }

    /**
     * Subscribes the channel; {@code false} (and nothing done) when it already subscribes to
     * {@code maxTopics} other topics.
     */
    public boolean subscribe(Channel channel, ClientFrame.Subscribe subscribe, int maxTopics) {
        ChannelDeliveries deliveries = channels.get(channel.sessionId());
        if (deliveries == null) {
            return true;
        }
        if (!deliveries.reserve(subscribe.topic(), maxTopics)) {
            return false;
        }
        // registered before the topic's state is read, so that no event committed after that read is missed
        subscribers.compute(subscribe.topic(), (topic, set) -> {
            Set<ChannelDeliveries> subscribed = set == null ? ConcurrentHashMap.newKeySet() : set;
            subscribed.add(deliveries);
            return subscribed;
        });
        run(deliveries, subscribe.requestId(), d -> {
            TopicState state = log.state(subscribe.topic());
            ChannelDeliveries.Cursor cursor = subscribe.since() != null ? null
                    : cursors.find(channel.clientId(), subscribe.topic()).orElse(null);
            d.subscribe(subscribe, state, cursor);
        });
        return true;
    }

    public void unsubscribe(Channel channel, ClientFrame.Unsubscribe unsubscribe) {
        run(channel, unsubscribe.requestId(), d -> {
            if (d.unsubscribe(unsubscribe)) {
                subscribers.computeIfPresent(unsubscribe.topic(), (topic, set) -> {
                    set.remove(d);
                    return set.isEmpty() ? null : set;
                });
            }
        });
    }

    public void ack(Channel channel, ClientFrame.Ack ack) {
        run(channel, null, d -> d.ack(ack));
    }

    public void resync(Channel channel, ClientFrame.Resync resync) {
        run(channel, resync.requestId(), d -> d.resync(resync, log.state(resync.topic())));
    }

    /** Hands a committed event to every subscribed connection's executor and returns. */
    public void deliver(StreamEvent event) {
        Set<ChannelDeliveries> set = subscribers.get(event.topic());
        if (set != null) {
            String firstSend = event.frame(0);
            set.forEach(d -> run(d, null, x -> x.live(event, firstSend)));
        }
    }

    public void retryDue() {
        channels.values().forEach(d -> run(d, null, ChannelDeliveries::retryDue));
    }

    private void run(Channel channel, String requestId, Consumer<ChannelDeliveries> task) {
        ChannelDeliveries deliveries = channels.get(channel.sessionId());
        if (deliveries != null) {
            run(deliveries, requestId, task);
        }
    }

    /** Runs a task in the connection's executor; a failure answers {@code error} and harms no one else. */
    private void run(ChannelDeliveries deliveries, String requestId, Consumer<ChannelDeliveries> task) {
        Channel channel = deliveries.channel();
        channel.execute(() -> {
            if (!channel.isOpen()) {
                return;
            }
            try {
                task.accept(deliveries);
            } catch (RuntimeException e) {
                logger.log(Level.WARNING, "delivery to client " + channel.clientId() + " failed", e);
                channel.send(ServerFrames.error(Failures.errorCode(e), Failures.describe(e), requestId));
            }
        });
    }
}
