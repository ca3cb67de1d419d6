package io.surewire.client;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A subscriber that does what the protocol asks of a careful client: it processes each seq of a
 * topic once and in order, drops duplicates, asks for a resync on a gap, acknowledges cumulatively
 * in batches, and after any lost connection reconnects with backoff and subscribes with
 * {@code since} = the last seq it processed. It records what it processed, and every frame of every
 * connection as it crossed the wire ({@link WireLog}), for checkers to judge.
 */
public final class ReliableSubscriber implements SubscriberRecord, AutoCloseable {

    private static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "reliable-subscriber");
        thread.setDaemon(true);
        return thread;
    });

    /** The endpoints it may connect to: the first, and the next one each time a connection attempt fails. */
    private final List<URI> endpoints;
    private volatile int endpoint;
    private final String clientId;
    private final Set<String> topics;
    private final Map<String, Long> processed = new HashMap<>();
    private final Map<String, Long> acked = new HashMap<>();
    private final Map<String, Long> resyncFrom = new HashMap<>();
    private final Map<String, List<JsonObject>> accepted = new HashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final WireLog wire = new WireLog();
    private final List<Integer> closeCodes = new ArrayList<>();
    /** The close codes of a refused handshake (version, role, client_id, token): the client stops. */
    private static final Set<Integer> REFUSED = Set.of(4400, 4401, 4402, 4403);

    private final boolean durableCursor;
    private final TokenSource tokens;
    private volatile SurewireClient client;
    private volatile WireLog.Recording recording;
    private volatile boolean closed;

    public ReliableSubscriber(URI endpoint, String clientId, Set<String> topics) {
        this(endpoint, clientId, topics, false);
    }

    /**
     * With {@code durableCursor}, every (re)subscribe omits {@code since}: the server resumes after
     * the cursor it stored for this client_id, as a client that keeps no state of its own would.
     */
    public ReliableSubscriber(URI endpoint, String clientId, Set<String> topics, boolean durableCursor) {
        this(endpoint, clientId, topics, durableCursor, TokenSource.standard());
    }

    /** ... with the token of every connection from {@code tokens}, asked before each (re)connect. */
    public ReliableSubscriber(URI endpoint, String clientId, Set<String> topics, boolean durableCursor,
                              TokenSource tokens) {
        this(List.of(endpoint), clientId, topics, durableCursor, tokens);
    }

    /**
     * ... connecting to the first of {@code endpoints} (the nodes of a cluster), and to the next one,
     * round the list, whenever a connection attempt fails: a client of a node that died goes on with
     * another node.
     */
    public ReliableSubscriber(List<URI> endpoints, String clientId, Set<String> topics, boolean durableCursor,
                              TokenSource tokens) {
        this.tokens = tokens;
        this.endpoints = List.copyOf(endpoints);
        this.clientId = clientId;
        this.durableCursor = durableCursor;
        this.topics = Set.copyOf(topics);
        topics.forEach(topic -> {
            processed.put(topic, 0L);
            acked.put(topic, 0L);
            accepted.put(topic, new ArrayList<>());
        });
    }

    /** Connects and subscribes; reconnects by itself whenever the connection is lost, until closed. */
    public ReliableSubscriber start() {
        connect(0);
        TIMERS.scheduleWithFixedDelay(this::flushAcks, 50, 50, TimeUnit.MILLISECONDS);
        return this;
    }

    private void connect(int attempt) {
        if (closed) {
            return;
        }
        SurewireClient next;
        try {
            next = SurewireClient.connect(endpoints.get(endpoint), clientId, tokens);
        } catch (RuntimeException refused) {
            endpoint = (endpoint + 1) % endpoints.size();
            reconnectLater(attempt + 1);
            return;
        }
        long connection = connections.incrementAndGet();
        WireLog.Recording wired = wire.open(clientId + "#" + connection);
        synchronized (this) {
            client = next;
            recording = wired;
        }
        next.onFrame(frame -> {
            wired.received(frame);
            receive(next, wired, frame);
        });
        next.closed().thenAccept(how -> {
            synchronized (this) {
                closeCodes.add(how.code());
            }
            if (REFUSED.contains(how.code())) {
                closed = true; // a refused handshake is terminal (PROTOCOL §8): stop, as a client must
            } else if (client == next) {
                reconnectLater(0);
            }
        });
        synchronized (this) {
            for (String topic : topics) {
                resyncFrom.remove(topic);
                try {
                    subscribe(next, wired, topic);
                } catch (RuntimeException lost) {
                    return;
                }
            }
        }
    }

    /** Subscribes with a request id of its own ({@code subscribe:<topic>#<n>}), recorded before it is sent. */
    private void subscribe(SurewireClient on, WireLog.Recording wired, String topic) {
        String requestId = "subscribe:" + topic + "#" + requests.incrementAndGet();
        var frame = SurewireClient.frame("subscribe").add("topic", topic).add("request_id", requestId);
        Long since = durableCursor ? null : processed.get(topic);
        if (since != null) {
            frame.add("since", since);
        }
        wired.sent(WireFrame.subscribe(topic, since, requestId));
        on.send(frame.build());
    }

    private void reconnectLater(int attempt) {
        if (!closed) {
            long delay = Math.min(1000, 20L << Math.min(attempt, 5)) + ThreadLocalRandom.current().nextLong(30);
            TIMERS.schedule(() -> connect(attempt), delay, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void receive(SurewireClient from, WireLog.Recording wired, JsonObject frame) {
        if (from != client) {
            return;
        }
        String type = frame.getString("type", "");
        if ("event".equals(type)) {
            String topic = frame.getString("topic");
            long seq = frame.getJsonNumber("seq").longValue();
            long last = processed.getOrDefault(topic, 0L);
            if (seq <= last) {
                duplicates.incrementAndGet();
            } else if (seq == last + 1) {
                processed.put(topic, seq);
                accepted.get(topic).add(frame);
                resyncFrom.remove(topic);
            } else if (!Long.valueOf(last + 1).equals(resyncFrom.get(topic))) {
                resyncFrom.put(topic, last + 1);
                resyncs.incrementAndGet();
                String requestId = "gap-" + (last + 1) + "#" + requests.incrementAndGet();
                wired.sent(WireFrame.resync(topic, last + 1, requestId));
                sendQuietly(from, () -> from.resync(topic, last + 1, requestId));
            }
        } else if ("reset".equals(type)) {
            resets.incrementAndGet();
        } else if ("error".equals(type) && frame.getString("request_id", "").startsWith("subscribe:")) {
            // the server could not serve the subscribe (its database was away): ask again shortly
            String requestId = frame.getString("request_id");
            String topic = requestId.substring("subscribe:".length(), requestId.lastIndexOf('#'));
            TIMERS.schedule(() -> sendQuietly(from, () -> {
                synchronized (this) {
                    subscribe(from, wired, topic);
                }
            }), 500, TimeUnit.MILLISECONDS);
        }
    }

    private void flushAcks() {
        SurewireClient current;
        WireLog.Recording wired;
        synchronized (this) {
            current = client;
            wired = recording;
        }
        if (current == null || !current.isOpen()) {
            return;
        }
        Map<String, Long> due = new HashMap<>();
        synchronized (this) {
            processed.forEach((topic, seq) -> {
                if (seq > acked.get(topic)) {
                    due.put(topic, seq);
                }
            });
        }
        due.forEach((topic, seq) -> sendQuietly(current, () -> {
            wired.sent(WireFrame.ack(topic, seq));
            current.ack(topic, seq);
            synchronized (this) {
                acked.put(topic, Math.max(acked.get(topic), seq));
            }
        }));
    }

    private static void sendQuietly(SurewireClient client, Runnable send) {
        CompletableFuture.runAsync(() -> {
            try {
                send.run();
            } catch (RuntimeException lost) {
                // the connection is going; the reconnect resumes from the last processed seq
            }
        });
    }

    /** Drops the connection without a close frame, as a network failure would; it comes back by itself. */
    public void kill() {
        SurewireClient current = client;
        if (current != null) {
            current.abort();
        }
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public synchronized long processed(String topic) {
        return processed.get(topic);
    }

    @Override
    public synchronized List<JsonObject> accepted(String topic) {
        return List.copyOf(accepted.get(topic));
    }

    @Override
    public long duplicatesDropped() {
        return duplicates.get();
    }

    @Override
    public long connections() {
        return connections.get();
    }

    @Override
    public long resets() {
        return resets.get();
    }

    @Override
    public long resyncs() {
        return resyncs.get();
    }

    @Override
    public List<WireLog.Connection> wire() {
        return wire.connections();
    }

    /** The raw frames of every connection, as a dump for a checker in another process. */
    public JsonArray wireJson() {
        return wire.toJson();
    }

    public synchronized List<Integer> closeCodes() {
        return List.copyOf(closeCodes);
    }

    @Override
    public void close() {
        closed = true;
        SurewireClient current = client;
        if (current != null) {
            current.close();
        }
    }
}
