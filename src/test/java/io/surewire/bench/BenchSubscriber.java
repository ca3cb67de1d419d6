package io.surewire.bench;

import io.surewire.client.WireFrame;
import io.surewire.client.WireLog;
import jakarta.json.Json;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One subscribing connection of the load: subscribes to its topic once {@code hello} came, acks
 * every event that asks for it (at once, or held back as {@link #coalesceAcks} says), answers pings, and checks each event against the last seq it saw
 * (a seq beyond the next one is a gap, one at or below it a duplicate). All callbacks run on the
 * connection's IO thread; the main thread only reads the volatile fields.
 */
final class BenchSubscriber implements WsConnector.Listener {

    private final String clientId;
    private final String topic;
    private final Tally tally;
    private volatile WireLog wire;
    private volatile WireLog.Recording recording;
    private volatile boolean reconnecting;
    private volatile boolean closing;
    private WsConnector connector;
    private URI endpoint;
    private int connections;
    private Long since;
    private volatile long lastSeq = -1;
    private volatile boolean subscribed;
    private volatile boolean replayed;
    private volatile boolean open;
    private volatile WsConnector.WsConnection connection;
    private int requests;
    /** Acks held back and sent as one cumulative ack (0: every event acked at once). */
    private long ackDelayMillis;
    private int ackMaxEvents = 1;
    /** Guarded by {@code this}: the newest seq to ack, how many events it covers, whether a send is scheduled. */
    private long pendingAck = -1;
    private int pendingEvents;
    private boolean ackScheduled;

    BenchSubscriber(String clientId, String topic, Tally tally) {
        this.clientId = clientId;
        this.topic = topic;
        this.tally = tally;
    }

    /**
     * Acks as the shipped browser client does ({@code ackDelayMs}, {@code ackMaxEvents}): one cumulative
     * ack for every {@code maxEvents} events, or {@code delay} after the first one not yet acked,
     * whichever comes first. Every event is still acknowledged (PROTOCOL §4: an ack is cumulative).
     */
    void coalesceAcks(Duration delay, int maxEvents) {
        this.ackDelayMillis = delay.toMillis();
        this.ackMaxEvents = Math.max(1, maxEvents);
    }

    /** Keeps the raw frames of every connection from now on in {@code wire}, for {@link io.surewire.it.OrderCheck}. */
    void recordInto(WireLog wire) {
        this.wire = wire;
    }

    /**
     * From now on, a connection the server closes (with any code but a terminal one, PROTOCOL §8) or
     * loses is opened again after a second, with {@code since} = the last seq processed, as a client
     * that resumes does.
     */
    void reconnectOnClose() {
        this.reconnecting = true;
    }

    String clientId() {
        return clientId;
    }

    String topic() {
        return topic;
    }

    long lastSeq() {
        return lastSeq;
    }

    boolean subscribed() {
        return subscribed;
    }

    boolean replayed() {
        return replayed;
    }

    boolean open() {
        return open;
    }

    /** Connects to {@code endpoint} (…/ws/client) and subscribes; with {@code since} the server replays from there. */
    CompletableFuture<BenchSubscriber> connect(WsConnector connector, URI endpoint, Long since) {
        this.connector = connector;
        this.endpoint = endpoint;
        this.since = since;
        subscribed = false;
        replayed = false;
        WireLog log = wire;
        if (log != null) {
            recording = log.open(clientId + "#" + (++connections));
        }
        URI uri = URI.create(endpoint + "?client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8));
        return connector.connect(uri, this).thenApply(c -> {
            connection = c;
            open = true;
            if (closing) {
                c.close();
            }
            return this;
        });
    }

    void close() {
        closing = true;
        WsConnector.WsConnection c = connection;
        if (c != null) {
            c.close();
        }
    }

    CompletableFuture<Void> closed() {
        WsConnector.WsConnection c = connection;
        return c == null ? CompletableFuture.completedFuture(null) : c.closed();
    }

    @Override
    public void onText(WsConnector.WsConnection c, String text) {
        String type = FrameText.string(text, "type");
        if (type == null) {
            return;
        }
        switch (type) {
            case "event" -> event(c, text);
            case "hello" -> subscribe(c);
            case "subscribed" -> {
                record(text);
                if (since == null) {
                    lastSeq = FrameText.number(text, "last_seq", 0);
                } else {
                    lastSeq = since;
                }
                subscribed = true;
                if (since == null) {
                    replayed = true;
                }
            }
            case "replayed" -> {
                record(text);
                replayed = true;
            }
            case "reset" -> {
                record(text);
                tally.resets.increment();
                lastSeq = FrameText.number(text, "last_seq", lastSeq);
            }
            case "ping" -> {
                tally.pings.increment();
                c.send(FrameText.pong(text));
            }
            case "error" -> tally.errors.increment();
            default -> {
            }
        }
    }

    private void subscribe(WsConnector.WsConnection c) {
        String requestId = clientId + "-" + (++requests);
        if (recording != null) {
            recording.sent(WireFrame.subscribe(topic, since, requestId));
        }
        c.send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\"" + (since == null ? "" : ",\"since\":" + since)
                + ",\"request_id\":\"" + requestId + "\"}");
    }

    private void event(WsConnector.WsConnection c, String text) {
        long now = System.nanoTime();
        record(text);
        long seq = FrameText.number(text, "seq", -1);
        long redelivery = FrameText.number(text, "redelivery", 0);
        tally.eventFrames.increment();
        if (redelivery > 0) {
            tally.redeliveredFrames.increment();
        }
        long last = lastSeq;
        if (seq <= last) {
            tally.duplicates.increment();
        } else {
            if (last >= 0 && seq > last + 1) {
                tally.gaps.add(seq - last - 1);
            }
            lastSeq = seq;
            tally.delivered.increment();
            long intended = FrameText.number(text, "bench_t", Long.MIN_VALUE);
            if (redelivery == 0 && intended != Long.MIN_VALUE && replayed) {
                tally.latency.recordValue(Math.max(0, (now - intended) / 1000));
            }
        }
        if (FrameText.flag(text, "requires_ack")) {
            if (ackDelayMillis == 0) {
                ack(c, seq);
                return;
            }
            synchronized (this) {
                pendingAck = seq;
                if (++pendingEvents >= ackMaxEvents) {
                    ackPending(c);
                } else if (!ackScheduled) {
                    ackScheduled = true;
                    connector.later(Duration.ofMillis(ackDelayMillis), () -> {
                        synchronized (this) {
                            ackScheduled = false;
                            ackPending(c);
                        }
                    });
                }
            }
        }
    }

    /** Acks the newest seq held back, if any (holding {@code this}). */
    private void ackPending(WsConnector.WsConnection c) {
        if (pendingAck >= 0) {
            ack(c, pendingAck);
            pendingAck = -1;
            pendingEvents = 0;
        }
    }

    private void ack(WsConnector.WsConnection c, long seq) {
        if (recording != null) {
            recording.sent(WireFrame.ack(topic, seq));
        }
        tally.acks.increment();
        c.send("{\"type\":\"ack\",\"topic\":\"" + topic + "\",\"seq\":" + seq + "}");
    }

    private void record(String text) {
        if (recording != null) {
            recording.received(Json.createReader(new StringReader(text)).readObject());
        }
    }

    @Override
    public void onClose(WsConnector.WsConnection c, int code) {
        open = false;
        tally.closed(code);
        boolean terminal = code == 1000 || code >= 4400 && code <= 4403 || code == 4409;
        if (reconnecting && !closing && !terminal) {
            tally.reconnects.increment();
            connector.later(Duration.ofSeconds(1), () -> connect(connector, endpoint, lastSeq < 0 ? null : lastSeq)
                    .exceptionally(e -> {
                        tally.closed(1006);
                        return this;
                    }));
        }
    }
}
