package io.surewire.delivery.boundary;

import io.surewire.delivery.control.AckInbox;
import io.surewire.delivery.control.Channel;
import io.surewire.delivery.control.ChannelDeliveries;
import io.surewire.delivery.control.DeliveryListener;
import io.surewire.delivery.control.DeliverySettings;
import io.surewire.delivery.control.DeliveryStatistics;
import io.surewire.delivery.control.EventFrames;
import io.surewire.delivery.control.EventSource;
import io.surewire.delivery.control.RecentEvents;
import io.surewire.delivery.control.RecentThenLog;
import io.surewire.delivery.control.Subscriptions;
import io.surewire.delivery.entity.Cursor;
import io.surewire.platform.Failures;
import io.surewire.platform.SurewireConfig;
import io.surewire.protocol.ClientFrame;
import io.surewire.protocol.ErrorCode;
import io.surewire.protocol.ServerFrames;
import io.surewire.stream.boundary.EventLog;
import io.surewire.stream.entity.StreamEvent;
import io.surewire.stream.entity.TopicHead;
import io.surewire.stream.entity.TopicState;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The live delivery state of this node: for every connection and topic, what was sent and what is
 * acknowledged (a {@link ChannelDeliveries} per connection), and which connections subscribe to
 * which topic ({@link Subscriptions}). Every change to one connection's state runs in that
 * connection's serial executor; this bean only routes, so it never blocks the committing thread nor
 * one client for another.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeliveryTracker {

    private final Subscriptions subscriptions = new Subscriptions();
    /** The newest event of each topic that a live notification announced here, as a head. */
    private final Map<String, TopicHead> announced = new ConcurrentHashMap<>();

    @Inject
    EventLog log;

    @Inject
    DeliveryThreads threads;

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
    private RecentEvents recent;
    private DeliveryListener listener;
    private DeliverySettings settings;

    @PostConstruct
    void init() {
        recent = new RecentEvents(config.replayCacheEventsPerTopic(), config.replayCacheMaxBytes(),
                config.replayCacheMaxTopics());
        source = new RecentThenLog(recent, new EventSource() {
            @Override
            public TopicState state(String topic) {
                return log.state(topic);
            }

            @Override
            public List<StreamEvent> read(String topic, long afterSeq, long upToSeq, int limit) {
                return log.read(topic, afterSeq, upToSeq, limit);
            }
        });
        listener = new DeliveryListener() {
            @Override
            public void acknowledged(String clientId, String topic, long epoch, long seq) {
                statistics.acked();
                cursors.advance(clientId, topic, epoch, seq);
            }

            @Override
            public void repositioned(String clientId, String topic, long epoch, long seq) {
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

            @Override
            public void queuedLive(StreamEvent event, long announcedNanos) {
                statistics.queuedAfterCommit(System.nanoTime() - announcedNanos);
            }

            @Override
            public void ackLatency(long millis) {
                statistics.ackedAfter(millis);
            }
        };
        settings = new DeliverySettings(config.ackTimeoutMs(), config.maxRetries(), config.outboundQueueLimit(),
                config.replayPageSize(), config.replayMaxUnacked());
    }

    /**
     * Attaches a connection and returns where its acks go. The inbox calls this instance, not the
     * bean's view: an ack needs none of what the container adds (no transaction, no lock), and a client
     * may send thousands a second. It finds nothing to move once the connection is detached.
     */
    public AckInbox attach(Channel channel) {
        subscriptions.attach(new ChannelDeliveries(channel, source, listener, settings, System::currentTimeMillis,
                subscriptions));
        return ack -> ack(channel, ack);
    }

    /** Forgets the connection's deliveries and every subscription it had; its durable cursors stay. */
    public void detach(Channel channel) {
        subscriptions.detach(channel.sessionId());
    }

    /** Forgets connections that are no longer open. */
    public void removeStale() {
        subscriptions.all().stream().map(ChannelDeliveries::channel).filter(c -> !c.isOpen()).forEach(this::detach);
    }

    /** How many topics have a subscriber on this node. */
    public int topicCount() {
        return subscriptions.topicCount();
    }

    /** How many subscriptions the connections of this node hold, all topics together. */
    public int subscriptionCount() {
        return subscriptions.subscriptionCount();
    }

    /** How many connections of this node subscribe to {@code topic}. */
    public int subscriberCount(String topic) {
        return subscriptions.subscribers(topic).size();
    }

    /** The deliveries of every attached connection, for the operations views. */
    public Collection<ChannelDeliveries> all() {
        return subscriptions.all();
    }

    /**
     * Subscribes the channel, unless it already subscribes to as many other topics as it may
     * ({@code error} {@code rate_limited}). A subscribe that fails (the log cannot be read) is
     * answered {@code error} and does not count against that limit. Registration and its undoing run
     * in the channel's executor, in the order the client asked, and the registration comes before
     * the topic's state is read, so that no event committed after that read is missed.
     */
    public void subscribe(Channel channel, ClientFrame.Subscribe subscribe) {
        String topic = subscribe.topic();
        run(channel, subscribe.requestId(), d -> {
            int maxTopics = config.maxSubscriptionsPerConnection();
            switch (subscriptions.subscribe(channel.sessionId(), topic, maxTopics)) {
                case LIMIT_REACHED -> channel.send(ServerFrames.error(ErrorCode.RATE_LIMITED,
                        "at most " + maxTopics + " topics per connection", subscribe.requestId()));
                case DETACHED -> {
                }
                case SUBSCRIBED -> {
                    try {
                        TopicState state = log.state(topic);
                        Cursor cursor = subscribe.since() != null ? null
                                : cursors.find(channel.clientId(), topic).orElse(null);
                        d.subscribe(subscribe, state, cursor);
                    } catch (RuntimeException failed) {
                        if (!d.topics().contains(topic)) {
                            subscriptions.unsubscribe(channel.sessionId(), topic);
                        }
                        throw failed;
                    }
                }
            }
        });
    }

    public void unsubscribe(Channel channel, ClientFrame.Unsubscribe unsubscribe) {
        run(channel, unsubscribe.requestId(), d -> {
            if (d.unsubscribe(unsubscribe)) {
                subscriptions.unsubscribe(channel.sessionId(), unsubscribe.topic());
            }
        });
    }

    /** Takes an ack on the receiving thread when the connection is idle: an ack only moves a window. */
    void ack(Channel channel, ClientFrame.Ack ack) {
        subscriptions.of(channel.sessionId()).ifPresent(deliveries -> runHere(deliveries, d -> d.ack(ack)));
    }

    public void resync(Channel channel, ClientFrame.Resync resync) {
        run(channel, resync.requestId(), d -> d.resync(resync, log.state(resync.topic())));
    }

    /**
     * Hands a committed event to the subscribed connections and returns: one task on the delivery
     * pool per {@code surewire.delivery.fanout-chunk} subscribers, which gives the event to each of them, at once on
     * its own thread when the connection is idle, else after the connection's waiting tasks. The first
     * {@code surewire.delivery.fanout-inline} subscribers get it on the calling thread, the one that
     * committed it, after the others were handed over; a connection that would have to read the log
     * for it (a gap to fill first) gets it from a delivery thread instead.
     */
    public void deliver(StreamEvent event) {
        String firstSend = EventFrames.event(event, 0);
        recent.add(event, firstSend, System.currentTimeMillis());
        var subscribers = subscriptions.subscribers(event.topic());
        if (subscribers.isEmpty()) {
            return;
        }
        announced.merge(event.topic(), new TopicHead(event.topic(), event.epoch(), event.seq()), DeliveryTracker::newer);
        long announcedAt = System.nanoTime();
        Consumer<ChannelDeliveries> live = x -> x.live(event, firstSend, announcedAt);
        Consumer<ChannelDeliveries> liveHere = x -> {
            if (!x.liveAtOnce(event, firstSend, announcedAt)) {
                run(x, null, live);
            }
        };
        List<ChannelDeliveries> all = List.copyOf(subscribers);
        int here = Math.min(all.size(), Math.max(0, config.fanoutInline()));
        int size = config.fanoutChunk();
        for (int from = here; from < all.size(); from += size) {
            List<ChannelDeliveries> chunk = all.subList(from, Math.min(all.size(), from + size));
            try {
                threads.executor().execute(() -> chunk.forEach(d -> runHere(d, live)));
            } catch (RejectedExecutionException stopping) {
                return;
            }
        }
        all.subList(0, here).forEach(d -> runHere(d, liveHere));
    }

    /** The events as delivery reads them: {@link RecentThenLog}. */
    public EventSource events() {
        return source;
    }

    /** The topics with a subscriber on this node. */
    public Set<String> topics() {
        return subscriptions.topics();
    }

    /**
     * Lets the connections catch up with the topics' heads as read from the log (events committed
     * without a live notification) and resend what is past its ack deadline. Only the connections
     * with something to do get a task: those with a deadline passed or a send left unfinished, and
     * the subscribers of a topic whose head is past what the live notifications announced. The first
     * are taken from the retry schedule of {@link Subscriptions}: an idle connection costs the tick nothing.
     */
    public void retryDue(Map<String, TopicHead> heads) {
        long now = System.currentTimeMillis();
        Set<ChannelDeliveries> due = new HashSet<>();
        heads.values().forEach(head -> {
            TopicHead known = announced.get(head.topic());
            if (known == null || newer(known, head) != known) {
                announced.put(head.topic(), head);
                due.addAll(subscriptions.subscribers(head.topic()));
            }
        });
        Set<String> subscribed = subscriptions.topics();
        announced.keySet().retainAll(subscribed);
        recent.expire(subscribed, now - config.replayCacheIdleMs());
        due.addAll(subscriptions.due(now));
        due.forEach(d -> run(d, null, x -> x.retryDue(heads::get)));
    }

    /** The later of two heads of one topic: the newer epoch's, or the higher seq. */
    private static TopicHead newer(TopicHead a, TopicHead b) {
        if (a.epoch() != b.epoch()) {
            return a.epoch() > b.epoch() ? a : b;
        }
        return a.lastSeq() >= b.lastSeq() ? a : b;
    }

    private void run(Channel channel, String requestId, Consumer<ChannelDeliveries> task) {
        subscriptions.of(channel.sessionId()).ifPresent(deliveries -> run(deliveries, requestId, task));
    }

    /** Runs a task in the connection's executor; a failure answers {@code error} and harms no one else. */
    private void run(ChannelDeliveries deliveries, String requestId, Consumer<ChannelDeliveries> task) {
        deliveries.channel().execute(guarded(deliveries, requestId, task));
    }

    /** {@link #run}, on the calling thread at once when the connection is idle. */
    private void runHere(ChannelDeliveries deliveries, Consumer<ChannelDeliveries> task) {
        deliveries.channel().executeHere(guarded(deliveries, null, task));
    }

    private Runnable guarded(ChannelDeliveries deliveries, String requestId, Consumer<ChannelDeliveries> task) {
        Channel channel = deliveries.channel();
        return () -> {
            if (!channel.isOpen()) {
                return;
            }
            try {
                task.accept(deliveries);
            } catch (RuntimeException e) {
                deliveries.retrySoon();
                logger.log(Level.WARNING, "delivery to client " + channel.clientId() + " failed", e);
                channel.send(ServerFrames.error(Failures.errorCode(e), Failures.describe(e), requestId));
            }
        };
    }
}
