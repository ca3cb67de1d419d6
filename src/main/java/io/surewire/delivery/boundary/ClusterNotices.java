package io.surewire.delivery.boundary;

import io.surewire.platform.SurewireConfig;
import io.surewire.stream.entity.StreamEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells the other nodes of a cluster ({@code surewire.cluster.enabled}) what happened on this one, over
 * the JMS topic {@code java:/jms/topic/SurewireFanout}, which the clustered broker carries to every
 * node: each committed event (its payload inline up to {@code surewire.cluster.inline-payload-bytes},
 * else only its topic and seq), and each new connection, so that an older connection of the same
 * client on another node is superseded. A notice is sent after the commit, in the order of this node's
 * commits, by one task at a time; the caller never waits for the broker. Notices are not persistent and
 * expire after {@code surewire.cluster.notice-ttl-ms}. A notice that is lost (the queue of
 * {@code surewire.cluster.queue-length} full, the broker away, a node away) costs only time: every node
 * reads the heads of its connections' topics every second and sends what it has not yet sent, from
 * the log, in order.
 */
@ApplicationScoped
public class ClusterNotices {

    public static final String KIND = "kind";
    public static final String EVENT = "event";
    public static final String CONNECTED = "connected";
    public static final String ORIGIN = "origin";
    public static final String TOPIC = "topic";
    public static final String SEQ = "seq";
    public static final String EPOCH = "epoch";
    public static final String ID = "id";
    public static final String TS = "ts";
    public static final String REQUIRES_ACK = "requires_ack";
    public static final String INLINE = "inline";
    public static final String CLIENT_ID = "client_id";
    public static final String AT = "at";

    /** One notice to send. */
    private sealed interface Notice {
    }

    private record Committed(StreamEvent event) implements Notice {
    }

    private record Connected(String clientId, Instant at) implements Notice {
    }

    /** This node, for as long as the application runs: a notice from it is not acted on again. */
    private final String origin = UUID.randomUUID().toString();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private BlockingQueue<Notice> waiting;

    @Inject
    SurewireConfig config;

    @Inject
    Logger log;

    @Resource(lookup = "java:/JmsXA")
    ConnectionFactory factory;

    @Resource(lookup = "java:/jms/topic/SurewireFanout")
    Topic fanout;

    @Resource(lookup = "java:jboss/ee/concurrency/executor/surewire")
    ManagedExecutorService executor;

    @PostConstruct
    void init() {
        waiting = new ArrayBlockingQueue<>(Math.max(1, config.clusterQueueLength()));
    }

    /** An event was committed on this node: the other nodes push it to their connections. */
    public void committed(StreamEvent event) {
        if (config.clusterEnabled()) {
            offer(new Committed(event));
        }
    }

    /** A client connected to this node: the other nodes close an older connection of the same client with 4409. */
    public void connected(String clientId, Instant at) {
        if (config.clusterEnabled()) {
            offer(new Connected(clientId, at));
        }
    }

    /** Whether {@code message} is a notice of this node; when not, it is counted as received. */
    public boolean isOwn(Message message) throws JMSException {
        if (origin.equals(message.getStringProperty(ORIGIN))) {
            return true;
        }
        received.incrementAndGet();
        return false;
    }

    /** Notices of the other nodes received since the start. */
    public long received() {
        return received.get();
    }

    /** Notices dropped since the start, the queue being full or the broker away. */
    public long dropped() {
        return dropped.get();
    }

    private void offer(Notice notice) {
        if (!waiting.offer(notice)) {
            drop(1, "the queue of notices is full");
            return;
        }
        start();
    }

    private void drop(long notices, String why) {
        if (dropped.getAndAdd(notices) == 0) {
            log.warning(() -> "a notice to the other nodes was dropped, " + why + "; they find its events in the log"
                    + " within a second (logged once; counted by the meter surewire.cluster.notices.dropped)");
        }
    }

    private void start() {
        if (!waiting.isEmpty() && running.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException busy) {
                running.set(false);
            }
        }
    }

    /** Sends what waits, in order, one task at a time. */
    private void drain() {
        try (JMSContext jms = factory.createContext()) {
            // a notice is worth nothing once the head check has covered it: neither written to the journal
            // (nor to the bridges' queues) nor kept for a node that is away
            JMSProducer producer = jms.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT)
                    .setTimeToLive(config.clusterNoticeTtlMs()).setDisableMessageID(true);
            Notice notice;
            while ((notice = waiting.poll()) != null) {
                producer.send(fanout, message(jms, notice));
            }
        } catch (JMSRuntimeException | JMSException failed) {
            log.log(Level.FINE, "could not send notices to the other nodes", failed);
            drop(1 + waiting.size(), "the broker refused it: " + failed);
            waiting.clear();
        } finally {
            running.set(false);
            start();
        }
    }

    private Message message(JMSContext jms, Notice notice) throws JMSException {
        TextMessage message;
        if (notice instanceof Committed committed) {
            StreamEvent event = committed.event();
            boolean inline = event.payload().length() <= config.clusterInlinePayloadBytes();
            message = jms.createTextMessage(inline ? event.payload() : null);
            message.setStringProperty(KIND, EVENT);
            message.setStringProperty(TOPIC, event.topic());
            message.setLongProperty(SEQ, event.seq());
            message.setLongProperty(EPOCH, event.epoch());
            message.setStringProperty(ID, event.id());
            message.setStringProperty(TS, event.ts().toString());
            message.setBooleanProperty(REQUIRES_ACK, event.requiresAck());
            message.setBooleanProperty(INLINE, inline);
        } else {
            Connected connected = (Connected) notice;
            message = jms.createTextMessage();
            message.setStringProperty(KIND, CONNECTED);
            message.setStringProperty(CLIENT_ID, connected.clientId());
            message.setStringProperty(AT, connected.at().toString());
        }
        message.setStringProperty(ORIGIN, origin);
        return message;
    }
}
