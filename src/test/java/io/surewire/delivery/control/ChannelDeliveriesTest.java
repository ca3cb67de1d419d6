package io.surewire.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.delivery.entity.Cursor;
import io.surewire.protocol.ClientFrame;
import io.surewire.protocol.CloseCode;
import io.surewire.stream.entity.StreamEvent;
import io.surewire.stream.entity.TopicState;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ChannelDeliveries}: subscribe and replay, live events, cumulative acks, retries, resync and
 * reset of PROTOCOL §2–§4, against hand-made fakes of the channel and the event log.
 */
class ChannelDeliveriesTest {

    private static final String T = "orders/eu";
    private static final String CLIENT = "client-1";
    private static final long EPOCH = 7;
    private static final long TIMEOUT = 5000;
    private static final int MAX_RETRIES = 3;

    private FakeChannel channel;
    private FakeSource source;
    private FakeListener listener;
    private AtomicLong now;
    /** The times each {@link ChannelDeliveries} entered in its retry schedule, in order. */
    private List<Long> entered;

    @BeforeEach
    void setUp() {
        channel = new FakeChannel();
        source = new FakeSource();
        listener = new FakeListener();
        now = new AtomicLong(1_000_000);
        entered = new ArrayList<>();
    }

    private ChannelDeliveries deliveries() {
        return deliveries(new DeliverySettings(TIMEOUT, MAX_RETRIES, 100, 10));
    }

    private ChannelDeliveries deliveries(DeliverySettings settings) {
        return new ChannelDeliveries(channel, source, listener, settings, now::get, (due, d) -> entered.add(due));
    }

    // ================================================================ fakes

    /** A channel that records what is sent and runs tasks inline. */
    static final class FakeChannel implements Channel {

        final List<String> frames = new ArrayList<>();
        final List<Integer> closeCodes = new ArrayList<>();
        final List<Runnable> drainWaiters = new ArrayList<>();
        /** When true every frame queued adds one to the backlog, as a client that does not read. */
        boolean countBacklog;
        /** When true the backlog is being written, only slower than it grows: the server is behind. */
        boolean moving;
        int backlog;
        int maxBacklog;
        boolean refuseLive;
        /** Like the real outbound queue: live frames are refused once the backlog reaches this. */
        int liveLimit = Integer.MAX_VALUE;
        boolean open = true;
        int executing;
        int mark;
        /** When true, tasks given to {@link #execute} wait in {@link #deferred}, as behind a running task. */
        boolean deferTasks;
        final List<Runnable> deferred = new ArrayList<>();

        void runDeferred() {
            deferTasks = false;
            List<Runnable> tasks = List.copyOf(deferred);
            deferred.clear();
            tasks.forEach(this::execute);
        }

        @Override
        public String clientId() {
            return CLIENT;
        }

        @Override
        public String sessionId() {
            return "session-1";
        }

        @Override
        public void execute(Runnable task) {
            if (deferTasks) {
                deferred.add(task);
                return;
            }
            assertEquals(0, executing, "two tasks of one channel at once");
            executing++;
            try {
                task.run();
            } finally {
                executing--;
            }
        }

        @Override
        public void send(String frame) {
            frames.add(frame);
            grow();
        }

        @Override
        public boolean offerLive(String frame) {
            if (refuseLive || backlog >= liveLimit) {
                return false;
            }
            frames.add(frame);
            grow();
            return true;
        }

        private void grow() {
            if (countBacklog) {
                backlog++;
                maxBacklog = Math.max(maxBacklog, backlog);
            }
        }

        @Override
        public int backlog() {
            return backlog;
        }

        @Override
        public long queued() {
            return frames.size();
        }

        /** The frames that left the backlog were written; those in it were not. */
        @Override
        public long written() {
            return frames.size() - backlog;
        }

        /** A backlog is a client that reads nothing, unless the queue is {@link #moving}. */
        @Override
        public long stalledMillis(long now) {
            return backlog == 0 || moving ? 0 : Long.MAX_VALUE;
        }

        @Override
        public void whenDrained(Runnable task) {
            drainWaiters.add(task);
        }

        /** The client read everything: the backlog goes to 0 and the drain waiters run, each through execute. */
        int drain() {
            backlog = 0;
            List<Runnable> waiting = List.copyOf(drainWaiters);
            drainWaiters.clear();
            waiting.forEach(this::execute);
            return waiting.size();
        }

        @Override
        public void close(CloseCode code, String reason) {
            closeCodes.add(code.code());
            open = false;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        List<JsonObject> parsed() {
            return frames.stream().map(ChannelDeliveriesTest::parse).toList();
        }

        /** The frames sent since the last call, parsed. */
        List<JsonObject> fresh() {
            List<JsonObject> fresh = frames.subList(mark, frames.size()).stream().map(ChannelDeliveriesTest::parse)
                    .toList();
            mark = frames.size();
            return fresh;
        }
    }

    /** One topic's log in memory, with retention. */
    static final class TopicLog {
        long epoch;
        long firstAvailable = 1;
        final List<StreamEvent> events = new ArrayList<>();

        long lastSeq() {
            return events.isEmpty() ? firstAvailable - 1 : events.get(events.size() - 1).seq();
        }
    }

    /** An event log in memory. */
    static final class FakeSource implements EventSource {

        final Map<String, TopicLog> logs = new HashMap<>();
        int reads;
        /** How many times a topic's state was asked. */
        int states;
        /** The first-send frames asked of the source, as a source that keeps them answers them. */
        int framesAsked;
        RuntimeException failNextRead;

        TopicLog create(String topic, long epoch) {
            TopicLog log = new TopicLog();
            log.epoch = epoch;
            logs.put(topic, log);
            return log;
        }

        StreamEvent append(String topic) {
            return append(topic, true);
        }

        StreamEvent append(String topic, boolean requiresAck) {
            TopicLog log = logs.get(topic);
            long seq = log.lastSeq() + 1;
            StreamEvent event = new StreamEvent(topic, seq, log.epoch, UUID.randomUUID().toString(),
                    Instant.parse("2026-11-22T10:00:00Z").plusMillis(seq), requiresAck,
                    "{\"n\":" + seq + ",\"s\":\"x\"}");
            log.events.add(event);
            return event;
        }

        List<StreamEvent> appendMany(String topic, int count) {
            List<StreamEvent> added = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                added.add(append(topic));
            }
            return added;
        }

        /** Retention: removes every event before {@code seq}. */
        void purgeBefore(String topic, long seq) {
            TopicLog log = logs.get(topic);
            long last = log.lastSeq();
            log.events.removeIf(e -> e.seq() < seq);
            log.firstAvailable = Math.min(seq, last + 1);
        }

        StreamEvent event(String topic, long seq) {
            return logs.get(topic).events.stream().filter(e -> e.seq() == seq).findFirst().orElseThrow();
        }

        @Override
        public TopicState state(String topic) {
            states++;
            TopicLog log = logs.get(topic);
            if (log == null) {
                return TopicState.empty(topic);
            }
            return new TopicState(topic, log.epoch, log.lastSeq(), log.firstAvailable);
        }

        @Override
        public String firstSend(StreamEvent event) {
            framesAsked++;
            return EventSource.super.firstSend(event);
        }

        @Override
        public List<StreamEvent> read(String topic, long afterSeq, long upToSeq, int limit) {
            reads++;
            if (failNextRead != null) {
                RuntimeException failure = failNextRead;
                failNextRead = null;
                throw failure;
            }
            TopicLog log = logs.get(topic);
            if (log == null) {
                return List.of();
            }
            return log.events.stream().filter(e -> e.seq() > afterSeq && e.seq() <= upToSeq).limit(limit).toList();
        }
    }

    record Acked(String clientId, String topic, long epoch, long seq) {
    }

    record Failed(String clientId, String topic, long fromSeq, long toSeq) {
    }

    static final class FakeListener implements DeliveryListener {
        final List<Acked> acked = new ArrayList<>();
        final List<Acked> repositioned = new ArrayList<>();
        RuntimeException failToRecord;
        final List<Failed> failed = new ArrayList<>();
        final List<Integer> sent = new ArrayList<>();
        final List<Long> ackLatencies = new ArrayList<>();

        @Override
        public void acknowledged(String clientId, String topic, long epoch, long seq) {
            acked.add(new Acked(clientId, topic, epoch, seq));
        }

        @Override
        public void repositioned(String clientId, String topic, long epoch, long seq) {
            repositioned.add(new Acked(clientId, topic, epoch, seq));
        }

        @Override
        public void failed(String clientId, String topic, long fromSeq, long toSeq, String reason) {
            assertFalse(reason == null || reason.isBlank(), "a failure names its reason");
            failed.add(new Failed(clientId, topic, fromSeq, toSeq));
            if (failToRecord != null) {
                throw failToRecord;
            }
        }

        @Override
        public void sent(StreamEvent event, int redelivery, boolean live) {
            sent.add(redelivery);
        }

        @Override
        public void ackLatency(long millis) {
            ackLatencies.add(millis);
        }
    }

    // ================================================================ helpers

    static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static JsonValue json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    private static void assertKeys(JsonObject frame, String... keys) {
        assertEquals(Set.of(keys), frame.keySet(), () -> "field names of " + frame);
    }

    private void assertEvent(JsonObject frame, long seq, int redelivery) {
        assertEvent(frame, source.event(T, seq), redelivery);
    }

    private static void assertEvent(JsonObject frame, StreamEvent event, int redelivery) {
        assertKeys(frame, "type", "topic", "seq", "epoch", "id", "ts", "requires_ack", "payload", "redelivery");
        assertEquals("event", frame.getString("type"), () -> "not an event: " + frame);
        assertEquals(event.topic(), frame.getString("topic"));
        assertEquals(event.seq(), frame.getJsonNumber("seq").longValueExact(), () -> "seq of " + frame);
        assertEquals(event.epoch(), frame.getJsonNumber("epoch").longValueExact());
        assertEquals(event.id(), frame.getString("id"));
        assertEquals(event.ts(), Instant.parse(frame.getString("ts")));
        assertEquals(event.requiresAck(), frame.getBoolean("requires_ack"));
        assertEquals(json(event.payload()), frame.get("payload"));
        assertEquals(redelivery, frame.getInt("redelivery"), () -> "redelivery of " + frame);
    }

    private static void assertSubscribed(JsonObject frame, long epoch, long lastSeq, String requestId) {
        assertEquals("subscribed", frame.getString("type"), () -> "not subscribed: " + frame);
        assertEquals(T, frame.getString("topic"));
        assertEquals(epoch, frame.getJsonNumber("epoch").longValueExact());
        assertEquals(lastSeq, frame.getJsonNumber("last_seq").longValueExact());
        assertRequestId(frame, requestId);
    }

    private static void assertReplayed(JsonObject frame, long from, long to, String requestId) {
        assertEquals("replayed", frame.getString("type"), () -> "not replayed: " + frame);
        assertEquals(T, frame.getString("topic"));
        assertEquals(from, frame.getJsonNumber("from_seq").longValueExact(), () -> "from_seq of " + frame);
        assertEquals(to, frame.getJsonNumber("to_seq").longValueExact(), () -> "to_seq of " + frame);
        assertRequestId(frame, requestId);
    }

    private static void assertReset(JsonObject frame, long epoch, long lastSeq, long firstAvailable, String reason) {
        assertEquals("reset", frame.getString("type"), () -> "not reset: " + frame);
        assertEquals(T, frame.getString("topic"));
        assertEquals(epoch, frame.getJsonNumber("epoch").longValueExact());
        assertEquals(lastSeq, frame.getJsonNumber("last_seq").longValueExact());
        assertEquals(firstAvailable, frame.getJsonNumber("first_available_seq").longValueExact());
        assertEquals(reason, frame.getString("reason"));
    }

    private static void assertError(JsonObject frame, String code, String requestId) {
        assertEquals("error", frame.getString("type"), () -> "not error: " + frame);
        assertEquals(code, frame.getString("code"));
        assertFalse(frame.getString("message").isBlank());
        assertRequestId(frame, requestId);
    }

    private static void assertRequestId(JsonObject frame, String requestId) {
        if (requestId == null) {
            assertFalse(frame.containsKey("request_id"), () -> "unexpected request_id in " + frame);
        } else {
            assertEquals(requestId, frame.getString("request_id"), () -> "request_id of " + frame);
        }
    }

    private static List<JsonObject> events(List<JsonObject> frames) {
        return frames.stream().filter(f -> "event".equals(f.getString("type"))).toList();
    }

    private static List<Long> seqs(List<JsonObject> frames) {
        return frames.stream().filter(f -> f.getString("type").equals("event"))
                .map(f -> f.getJsonNumber("seq").longValueExact()).toList();
    }

    private static List<String> types(List<JsonObject> frames) {
        return frames.stream().map(f -> f.getString("type")).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static ClientFrame.Subscribe subscribe(Long since, Long epoch, String requestId) {
        return new ClientFrame.Subscribe(T, since, epoch, requestId);
    }

    /** Subscribes to {@link #T} with no since and no cursor: the window starts at the topic's end. */
    private ChannelDeliveries subscribedAtEnd() {
        ChannelDeliveries deliveries = deliveries();
        deliveries.subscribe(subscribe(null, null, "r0"), source.state(T), null);
        channel.fresh();
        return deliveries;
    }

    /**
     * Deliveries to a client whose queue holds 10 frames (replays stop at a backlog of 5) and counts
     * what it has not read, in a topic of {@code events} events.
     */
    private ChannelDeliveries pacedWith(int events) {
        source.create(T, EPOCH);
        source.appendMany(T, events);
        channel.countBacklog = true;
        return deliveries(new DeliverySettings(TIMEOUT, MAX_RETRIES, 10, 2));
    }

    /** The client reads all that is queued, round after round, until no replay waits for room; {@code check} after each round. */
    private void readUntilNothingWaits(Runnable check) {
        int rounds = 0;
        while (!channel.drainWaiters.isEmpty()) {
            assertTrue(++rounds < 200, "the replay does not finish");
            channel.drain();
            check.run();
        }
    }

    private void live(ChannelDeliveries deliveries, long fromSeq, long toSeq) {
        for (long seq = fromSeq; seq <= toSeq; seq++) {
            deliveries.live(source.event(T, seq));
        }
    }

    // ================================================================ subscribe

    @Test
    void subscribeWithoutSinceAndWithoutCursorStartsAtTheEndThenSendsLiveEvents() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = deliveries();

        deliveries.subscribe(subscribe(null, null, "r1"), source.state(T), null);

        List<JsonObject> frames = channel.fresh();
        assertEquals(1, frames.size(), () -> "nothing replayed: " + frames);
        assertSubscribed(frames.get(0), EPOCH, 5, "r1");
        assertKeys(frames.get(0), "type", "topic", "epoch", "last_seq", "request_id");
        assertEquals(Set.of(T), deliveries.topics());

        StreamEvent next = source.append(T);
        deliveries.live(next);

        List<JsonObject> after = channel.fresh();
        assertEquals(1, after.size());
        assertEvent(after.get(0), next, 0);
        assertEquals(List.of(0), listener.sent);
    }

    @Test
    void subscribeWithSinceSendsSubscribedThenReplaysInOrderThenReplayed() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = deliveries();

        deliveries.subscribe(subscribe(2L, EPOCH, "r1"), source.state(T), null);

        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of("subscribed", "event", "event", "event", "replayed"), types(frames));
        assertSubscribed(frames.get(0), EPOCH, 5, "r1");
        assertEvent(frames.get(1), 3, 0);
        assertEvent(frames.get(2), 4, 0);
        assertEvent(frames.get(3), 5, 0);
        assertReplayed(frames.get(4), 3, 5, "r1");
        assertKeys(frames.get(4), "type", "topic", "from_seq", "to_seq", "request_id");

        StreamEvent next = source.append(T);
        deliveries.live(next);
        List<JsonObject> after = channel.fresh();
        assertEquals(1, after.size());
        assertEvent(after.get(0), next, 0);
    }

    @Test
    void aReplayTakesEachFirstSendFrameFromTheSourceAndEncodesOnlyResends() {
        source.create(T, EPOCH);
        source.appendMany(T, 3);
        ChannelDeliveries deliveries = deliveries();

        deliveries.subscribe(subscribe(0L, null, null), source.state(T), null);
        assertEquals(3, source.framesAsked);
        assertEquals(range(1, 3), seqs(channel.fresh()));

        now.addAndGet(TIMEOUT);
        deliveries.retryDue();
        List<JsonObject> resent = channel.fresh();
        assertEquals(range(1, 3), seqs(resent));
        assertEvent(resent.get(0), 1, 1);
        assertEquals(3, source.framesAsked, "a resend carries its redelivery count: encoded, not the kept frame");
    }

    @Test
    void subscribeWithSinceZeroReplaysFromTheFirstEvent() {
        source.create(T, EPOCH);
        source.appendMany(T, 3);

        deliveries().subscribe(subscribe(0L, null, null), source.state(T), null);

        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of("subscribed", "event", "event", "event", "replayed"), types(frames));
        assertEquals(range(1, 3), seqs(frames));
        assertReplayed(frames.get(4), 1, 3, null);
    }

    @Test
    void subscribeWithSinceEqualToLastSeqReplaysNothing() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);

        deliveries().subscribe(subscribe(5L, null, "r1"), source.state(T), null);

        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of("subscribed", "replayed"), types(frames));
        assertSubscribed(frames.get(0), EPOCH, 5, "r1");
        assertReplayed(frames.get(1), 6, 5, "r1");
    }

    @Test
    void subscribeWithoutSinceResumesAfterTheDurableCursor() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = deliveries();

        deliveries.subscribe(subscribe(null, null, "r1"), source.state(T), new Cursor(EPOCH, 3));

        List<JsonObject> frames = channel.fresh();
        assertSubscribed(frames.get(0), EPOCH, 5, "r1");
        assertEquals(List.of(4L, 5L), seqs(frames));
        assertEvent(frames.get(1), 4, 0);
        assertEvent(frames.get(2), 5, 0);
        // the resumption is a replay; its end is told like the one asked with since
        assertEquals(List.of("subscribed", "event", "event", "replayed"), types(frames));
        assertReplayed(frames.get(3), 4, 5, "r1");

        deliveries.live(source.append(T));
        assertEquals(List.of(6L), seqs(channel.fresh()));
    }

    @Test
    void durableCursorBeforeTheFirstAvailableSeqGetsResetRetention() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        source.purgeBefore(T, 4);
        ChannelDeliveries deliveries = deliveries();

        deliveries.subscribe(subscribe(null, null, "r1"), source.state(T), new Cursor(EPOCH, 2));

        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of("subscribed", "reset"), types(frames));
        assertReset(frames.get(1), EPOCH, 5, 4, "retention");
    }

    @Test
    void sinceTakesPrecedenceOverTheDurableCursor() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);

        deliveries().subscribe(subscribe(1L, null, "r1"), source.state(T), new Cursor(EPOCH, 4));

        assertEquals(range(2, 5), seqs(channel.fresh()));
    }

    @Test
    void durableCursorOfAnotherEpochGetsResetEpoch() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = deliveries();

        deliveries.subscribe(subscribe(null, null, "r1"), source.state(T), new Cursor(EPOCH - 1, 3));

        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of("subscribed", "reset"), types(frames));
        assertSubscribed(frames.get(0), EPOCH, 5, "r1");
        assertReset(frames.get(1), EPOCH, 5, 1, "epoch");

        // the client continues after last_seq
        deliveries.live(source.append(T));
        List<JsonObject> after = channel.fresh();
        assertEquals(1, after.size());
        assertEvent(after.get(0), 6, 0);
    }

    @Test
    void sinceBeyondLastSeqGetsResetEpoch() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = deliveries();

        deliveries.subscribe(subscribe(9L, null, "r1"), source.state(T), null);

        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of("subscribed", "reset"), types(frames));
        assertReset(frames.get(1), EPOCH, 5, 1, "epoch");

        deliveries.live(source.append(T));
        assertEquals(List.of(6L), seqs(channel.fresh()));
    }

    @Test
    void clientEpochThatDiffersGetsResetEpoch() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = deliveries();

        deliveries.subscribe(subscribe(2L, EPOCH - 1, "r1"), source.state(T), null);

        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of("subscribed", "reset"), types(frames));
        assertSubscribed(frames.get(0), EPOCH, 5, "r1");
        assertReset(frames.get(1), EPOCH, 5, 1, "epoch");

        deliveries.live(source.append(T));
        assertEquals(List.of(6L), seqs(channel.fresh()));
    }

    @Test
    void sinceBeforeTheFirstAvailableSeqGetsResetRetentionThenLiveContinuesAfterLastSeq() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        source.purgeBefore(T, 3);
        ChannelDeliveries deliveries = deliveries();

        deliveries.subscribe(subscribe(1L, EPOCH, "r1"), source.state(T), null);

        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of("subscribed", "reset"), types(frames));
        assertSubscribed(frames.get(0), EPOCH, 5, "r1");
        assertReset(frames.get(1), EPOCH, 5, 3, "retention");

        StreamEvent next = source.append(T);
        deliveries.live(next);
        List<JsonObject> after = channel.fresh();
        assertEquals(1, after.size());
        assertEvent(after.get(0), next, 0);
    }

    @Test
    void sinceJustBeforeTheFirstAvailableSeqIsStillServed() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        source.purgeBefore(T, 3);

        deliveries().subscribe(subscribe(2L, EPOCH, "r1"), source.state(T), null);

        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of("subscribed", "event", "event", "event", "replayed"), types(frames));
        assertEquals(range(3, 5), seqs(frames));
        assertReplayed(frames.get(4), 3, 5, "r1");
    }

    // ================================================================ live

    @Test
    void liveEventsGoOutInOrder() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = subscribedAtEnd();
        source.appendMany(T, 3);

        live(deliveries, 6, 8);

        List<JsonObject> frames = channel.fresh();
        assertEquals(3, frames.size());
        assertEvent(frames.get(0), 6, 0);
        assertEvent(frames.get(1), 7, 0);
        assertEvent(frames.get(2), 8, 0);
        assertEquals(List.of(0, 0, 0), listener.sent);
    }

    @Test
    void duplicateLiveEventsAreNotSentAgain() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = subscribedAtEnd();
        source.appendMany(T, 2);

        live(deliveries, 6, 7);
        deliveries.live(source.event(T, 6));
        deliveries.live(source.event(T, 7));
        deliveries.live(source.event(T, 5));
        deliveries.live(source.event(T, 1));

        assertEquals(List.of(6L, 7L), seqs(channel.fresh()));
        assertEquals(0, channel.fresh().size());
    }

    @Test
    void liveEventBeyondTheNextSeqReadsTheGapFromTheLog() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = subscribedAtEnd();
        source.appendMany(T, 3);

        deliveries.live(source.event(T, 8));

        List<JsonObject> frames = channel.fresh();
        assertEquals(3, frames.size());
        assertEvent(frames.get(0), 6, 0);
        assertEvent(frames.get(1), 7, 0);
        assertEvent(frames.get(2), 8, 0);

        // the late fan-outs of 6 and 7 are duplicates now
        deliveries.live(source.event(T, 6));
        deliveries.live(source.event(T, 7));
        assertEquals(List.of(), channel.fresh());

        deliveries.live(source.append(T));
        assertEquals(List.of(9L), seqs(channel.fresh()));
    }

    @Test
    void liveAtOnceSendsTheNextEventAndLeavesWhatWouldReadTheLog() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = subscribedAtEnd();
        source.appendMany(T, 3);
        int reads = source.reads;
        int states = source.states;

        assertTrue(deliveries.liveAtOnce(source.event(T, 6), null, 0), "the next event");
        assertTrue(deliveries.liveAtOnce(source.event(T, 6), null, 0), "one it has: nothing to do");
        assertFalse(deliveries.liveAtOnce(source.event(T, 8), null, 0), "a gap to fill first");
        assertEquals(List.of(6L), seqs(channel.fresh()), "what it left undone, it did not start");
        StreamEvent first = source.event(T, 1);
        assertTrue(deliveries.liveAtOnce(new StreamEvent(T, 1, EPOCH - 1, first.id(), first.ts(),
                first.requiresAck(), first.payload()), null, 0), "an older life of the topic: nothing to do");

        source.create(T, EPOCH + 1);
        assertFalse(deliveries.liveAtOnce(source.append(T), null, 0), "a new life of the topic");
        assertEquals(List.of(), channel.fresh());
        assertEquals(reads, source.reads, "no read of the log");
        assertEquals(states, source.states, "no read of the topic's state");
    }

    @Test
    void liveEventsOfAnotherTopicAreIgnored() {
        source.create(T, EPOCH);
        source.create("other", 3);
        ChannelDeliveries deliveries = subscribedAtEnd();

        deliveries.live(source.append("other"));

        assertEquals(List.of(), channel.fresh());
    }

    @Test
    void refusedLiveEventClosesWith4429() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = subscribedAtEnd();
        channel.refuseLive = true;

        deliveries.live(source.append(T));

        assertEquals(List.of(4429), channel.closeCodes);
        assertEquals(List.of(), seqs(channel.fresh()));
        assertEquals(List.of(), listener.sent);
    }

    @Test
    void replayIsPacedByTheBacklogAndNeverOverflowsTheQueue() {
        // queue limit 10: replays stop at a backlog of 5 and go on when it drains
        ChannelDeliveries deliveries = pacedWith(20);

        deliveries.subscribe(subscribe(0L, null, "r1"), source.state(T), null);

        List<JsonObject> first = channel.fresh();
        assertEquals("subscribed", first.get(0).getString("type"));
        assertEquals(range(1, 4), seqs(first), "the replay stops once the backlog reaches half the limit");
        assertFalse(types(first).contains("replayed"));
        assertEquals(1, channel.drainWaiters.size());

        // a live event meanwhile is not sent ahead of the replay
        StreamEvent live = source.append(T);
        deliveries.live(live);
        assertEquals(List.of(), seqs(channel.fresh()));

        readUntilNothingWaits(() -> assertTrue(channel.backlog <= 10, "backlog " + channel.backlog + " over the queue limit"));

        List<JsonObject> all = channel.parsed();
        List<Long> seqs = seqs(all);
        assertEquals(range(1, 21), seqs, "every seq once, in order");
        for (JsonObject frame : all) {
            if (frame.getString("type").equals("event")) {
                assertEvent(frame, frame.getJsonNumber("seq").longValueExact(), 0);
            }
        }
        List<JsonObject> replayed = all.stream().filter(f -> f.getString("type").equals("replayed")).toList();
        assertEquals(1, replayed.size());
        assertReplayed(replayed.get(0), 1, 20, "r1");
        int indexOf20 = 0;
        while (!(all.get(indexOf20).getString("type").equals("event")
                && all.get(indexOf20).getJsonNumber("seq").longValueExact() == 20)) {
            indexOf20++;
        }
        assertTrue(all.indexOf(replayed.get(0)) > indexOf20, "replayed comes after the last replayed event");
        assertTrue(channel.maxBacklog <= 10, "backlog reached " + channel.maxBacklog + " with a queue limit of 10");
        assertEquals(List.of(), channel.closeCodes);
    }

    /**
     * The high-water mark is meant to leave half the queue to live events ({@link DeliverySettings}).
     * A replay page larger than the room left must not push the backlog over the queue limit, or a
     * client that reads normally is closed as a slow consumer on the next live event.
     */
    @Test
    void aReplayPageLargerThanTheRoomLeftDoesNotOverflowTheQueue() {
        // queue limit 100 with the default page size of 200
        DeliverySettings settings = new DeliverySettings(TIMEOUT, MAX_RETRIES, 100, 200);
        source.create(T, EPOCH);
        source.appendMany(T, 150);
        channel.countBacklog = true;
        channel.liveLimit = 100;
        ChannelDeliveries deliveries = deliveries(settings);

        deliveries.subscribe(subscribe(0L, null, "r1"), source.state(T), null);
        deliveries.live(source.append(T));

        assertTrue(channel.maxBacklog <= 100, "backlog reached " + channel.maxBacklog + " with a queue limit of 100");
        assertEquals(List.of(), channel.closeCodes, "closed as a slow consumer");
        readUntilNothingWaits(() -> { });
        assertEquals(range(1, 151), seqs(channel.parsed()));
    }

    @Test
    void drainCallbackAfterUnsubscribeSendsNothing() {
        source.create(T, EPOCH);
        source.appendMany(T, 20);
        channel.countBacklog = true;
        ChannelDeliveries deliveries = deliveries(new DeliverySettings(TIMEOUT, MAX_RETRIES, 10, 2));
        deliveries.subscribe(subscribe(0L, null, "r1"), source.state(T), null);
        channel.fresh();

        assertTrue(deliveries.unsubscribe(new ClientFrame.Unsubscribe(T, "r2")));
        channel.drain();

        assertEquals(List.of(), channel.fresh());
    }

    // ================================================================ ack

    @Test
    void ackIsCumulativeAndNeverGoesBackwards() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = subscribedAtEnd();
        source.appendMany(T, 3);
        live(deliveries, 6, 8);
        channel.fresh();
        assertEquals(3, deliveries.lag(T));

        deliveries.ack(new ClientFrame.Ack(T, 7));
        assertEquals(List.of(new Acked(CLIENT, T, EPOCH, 7)), listener.acked);
        assertEquals(1, deliveries.lag(T));

        deliveries.ack(new ClientFrame.Ack(T, 7));
        deliveries.ack(new ClientFrame.Ack(T, 6));
        deliveries.ack(new ClientFrame.Ack(T, 5));
        assertEquals(List.of(new Acked(CLIENT, T, EPOCH, 7)), listener.acked, "an old ack moves nothing");

        deliveries.ack(new ClientFrame.Ack(T, 8));
        assertEquals(List.of(new Acked(CLIENT, T, EPOCH, 7), new Acked(CLIENT, T, EPOCH, 8)), listener.acked);
        assertEquals(0, deliveries.lag(T));
        assertEquals(List.of(), channel.fresh(), "acks are not answered");
    }

    @Test
    void oneEventAtATimeIsTimedFromItsFirstSendToTheAckThatCoversIt() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = subscribedAtEnd();
        source.appendMany(T, 3);
        deliveries.live(source.event(T, 6));
        now.addAndGet(10);
        deliveries.live(source.event(T, 7));
        now.addAndGet(30);

        deliveries.ack(new ClientFrame.Ack(T, 7));
        assertEquals(List.of(40L), listener.ackLatencies, "seq 6 was timed; 7 went out while 6 was");

        now.addAndGet(10);
        deliveries.live(source.event(T, 8));
        now.addAndGet(20);
        deliveries.ack(new ClientFrame.Ack(T, 8));
        assertEquals(List.of(40L, 20L), listener.ackLatencies);
    }

    @Test
    void anEventResentIsTimedFromItsFirstSend() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = subscribedAtEnd();
        source.append(T);
        deliveries.live(source.event(T, 6));
        now.addAndGet(TIMEOUT);
        deliveries.retryDue();
        assertEquals(List.of(0, 1), listener.sent, "sent, then resent");
        now.addAndGet(100);

        deliveries.ack(new ClientFrame.Ack(T, 6));

        assertEquals(List.of(TIMEOUT + 100), listener.ackLatencies);
    }

    @Test
    void ackBeyondTheLastSentSeqIsBadFrame() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = subscribedAtEnd();
        source.appendMany(T, 2);
        live(deliveries, 6, 7);
        channel.fresh();

        deliveries.ack(new ClientFrame.Ack(T, 8));

        List<JsonObject> frames = channel.fresh();
        assertEquals(1, frames.size());
        assertError(frames.get(0), "bad_frame", null);
        assertEquals(List.of(), listener.acked);

        // the window is unchanged: a proper ack still works
        deliveries.ack(new ClientFrame.Ack(T, 7));
        assertEquals(List.of(new Acked(CLIENT, T, EPOCH, 7)), listener.acked);
    }

    @Test
    void ackOfATopicNotSubscribedIsNotSubscribed() {
        source.create(T, EPOCH);
        ChannelDeliveries deliveries = subscribedAtEnd();

        deliveries.ack(new ClientFrame.Ack("other", 1));

        List<JsonObject> frames = channel.fresh();
        assertEquals(1, frames.size());
        assertError(frames.get(0), "not_subscribed", null);
        assertEquals(List.of(), listener.acked);
    }

    @Test
    void resyncOfATopicNotSubscribedIsNotSubscribed() {
        source.create(T, EPOCH);
        ChannelDeliveries deliveries = subscribedAtEnd();

        deliveries.resync(new ClientFrame.Resync("other", 1, "r7"), source.state("other"));

        List<JsonObject> frames = channel.fresh();
        assertEquals(1, frames.size());
        assertError(frames.get(0), "not_subscribed", "r7");
    }

    @Test
    void unsubscribeOfATopicNotSubscribedIsNotSubscribed() {
        source.create(T, EPOCH);
        ChannelDeliveries deliveries = subscribedAtEnd();

        assertFalse(deliveries.unsubscribe(new ClientFrame.Unsubscribe("other", "r8")));

        List<JsonObject> frames = channel.fresh();
        assertEquals(1, frames.size());
        assertError(frames.get(0), "not_subscribed", "r8");
        assertEquals(Set.of(T), deliveries.topics());
    }

    @Test
    void unsubscribeStopsLiveEventsAndASecondUnsubscribeIsNotSubscribed() {
        source.create(T, EPOCH);
        ChannelDeliveries deliveries = subscribedAtEnd();

        assertTrue(deliveries.unsubscribe(new ClientFrame.Unsubscribe(T, "r1")));
        assertEquals(List.of(), channel.fresh(), "unsubscribe has no answer frame");
        assertEquals(Set.of(), deliveries.topics());

        deliveries.live(source.append(T));
        assertEquals(List.of(), channel.fresh());

        assertFalse(deliveries.unsubscribe(new ClientFrame.Unsubscribe(T, "r2")));
        assertError(channel.fresh().get(0), "not_subscribed", "r2");
    }

    // ================================================================ retry

    /** Subscribed at the end of a 5-event topic, with events 6 and 7 sent live at {@link #now}. */
    private ChannelDeliveries twoUnacknowledged() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = subscribedAtEnd();
        source.appendMany(T, 2);
        live(deliveries, 6, 7);
        channel.fresh();
        return deliveries;
    }

    @Test
    void retryDueBeforeTheDeadlineSendsNothing() {
        ChannelDeliveries deliveries = twoUnacknowledged();

        deliveries.retryDue();
        now.addAndGet(TIMEOUT - 1);
        deliveries.retryDue();

        assertEquals(List.of(), channel.fresh());
        assertEquals(List.of(), channel.closeCodes);
    }

    @Test
    void afterTheDeadlineEveryUnacknowledgedEventIsResentInOrderWithGrowingRedelivery() {
        ChannelDeliveries deliveries = twoUnacknowledged();

        now.addAndGet(TIMEOUT);
        for (int retry = 1; retry <= MAX_RETRIES; retry++) {
            deliveries.retryDue();
            List<JsonObject> frames = channel.fresh();
            assertEquals(2, frames.size(), "retry " + retry + ": " + frames);
            assertEvent(frames.get(0), 6, retry);
            assertEvent(frames.get(1), 7, retry);

            // nothing more until the next deadline, one ack timeout after the resend
            now.addAndGet(TIMEOUT - 1);
            deliveries.retryDue();
            assertEquals(List.of(), channel.fresh());
            now.addAndGet(1);
        }
        assertEquals(List.of(0, 0, 1, 1, 2, 2, 3, 3), listener.sent);
        assertEquals(List.of(), channel.closeCodes);
        assertEquals(List.of(), listener.failed);
    }

    @Test
    void afterMaxRetriesTheFailureIsRecordedAndTheConnectionClosedWith4408() {
        ChannelDeliveries deliveries = twoUnacknowledged();
        for (int retry = 1; retry <= MAX_RETRIES; retry++) {
            now.addAndGet(TIMEOUT);
            deliveries.retryDue();
        }
        channel.fresh();
        assertEquals(List.of(), listener.failed);

        now.addAndGet(TIMEOUT);
        deliveries.retryDue();

        assertEquals(List.of(new Failed(CLIENT, T, 6, 7)), listener.failed);
        assertEquals(List.of(4408), channel.closeCodes);
        assertEquals(List.of(), channel.fresh(), "nothing is resent a fourth time");
    }

    /** Regression (slow consumer fault test): what was never read is a slow consumer, not a missing ack. */
    @Test
    void afterMaxRetriesWithFramesStillQueuedTheConnectionIsClosedWith4429() {
        ChannelDeliveries deliveries = twoUnacknowledged();
        channel.backlog = 5;
        for (int retry = 1; retry <= MAX_RETRIES + 1; retry++) {
            now.addAndGet(TIMEOUT);
            deliveries.retryDue();
        }

        assertEquals(List.of(new Failed(CLIENT, T, 6, 7)), listener.failed);
        assertEquals(List.of(4429), channel.closeCodes);
    }

    /** An ack timer runs from the write: a deadline that finds the frame still in a moving queue here is no retry. */
    @Test
    void aDeadlineWhileTheFrameWaitsInTheServersMovingQueueIsNotARetry() {
        ChannelDeliveries deliveries = twoUnacknowledged();
        channel.backlog = 2;
        channel.moving = true;
        for (int tick = 0; tick < MAX_RETRIES + 2; tick++) {
            now.addAndGet(TIMEOUT);
            deliveries.retryDue();
        }
        assertEquals(List.of(), channel.fresh(), "nothing resent while the first send is still queued here");
        assertEquals(List.of(), channel.closeCodes);

        channel.backlog = 0;
        now.addAndGet(TIMEOUT - 1);
        deliveries.retryDue();
        assertEquals(List.of(), channel.fresh(), "the timer started over at the last deadline");
        now.addAndGet(1);
        deliveries.retryDue();
        List<JsonObject> resent = channel.fresh();
        assertEquals(List.of(6L, 7L), seqs(resent));
        assertEquals(1, resent.get(0).getInt("redelivery"));
    }

    /** After an ack the timer of what is still awaited waits for the frames queued by then to be written. */
    @Test
    void afterAnAckTheTimerWaitsForWhatIsStillQueuedHere() {
        ChannelDeliveries deliveries = twoUnacknowledged();
        deliveries.ack(new ClientFrame.Ack(T, 6));
        channel.backlog = 1;
        channel.moving = true;
        now.addAndGet(TIMEOUT);
        deliveries.retryDue();
        assertEquals(List.of(), channel.fresh(), "seq 7 is still in the server's queue");

        channel.backlog = 0;
        now.addAndGet(TIMEOUT);
        deliveries.retryDue();
        assertEquals(List.of(7L), seqs(channel.fresh()));
    }

    @Test
    void aChannelIsDueOnlyAtItsDeadlineOrWhenATaskFailed() {
        source.create(T, EPOCH);
        ChannelDeliveries deliveries = subscribedAtEnd();
        assertFalse(deliveries.due(now.get() + 10 * TIMEOUT), "nothing awaited: never due");

        source.appendMany(T, 1);
        live(deliveries, 1, 1);
        assertFalse(deliveries.due(now.get() + TIMEOUT - 1));
        assertTrue(deliveries.due(now.get() + TIMEOUT));

        deliveries.ack(new ClientFrame.Ack(T, 1));
        now.addAndGet(TIMEOUT);
        deliveries.retryDue();
        assertFalse(deliveries.due(now.get() + 10 * TIMEOUT), "everything acknowledged: not due again");

        deliveries.retrySoon();
        assertTrue(deliveries.due(now.get()));
    }

    /**
     * The retry tick takes only the channels entered in its schedule, so every time a channel becomes
     * due is entered there: a deadline set lower, a retry that leaves a deadline, a failed task. A
     * channel with nothing awaited is not entered, and is never looked at by the tick.
     */
    @Test
    void everyTimeAChannelBecomesDueIsEnteredInTheRetrySchedule() {
        source.create(T, EPOCH);
        ChannelDeliveries deliveries = subscribedAtEnd();
        assertEquals(List.of(), entered, "nothing awaited: not entered");

        source.appendMany(T, 1);
        long sentAt = now.get();
        live(deliveries, 1, 1);
        assertEquals(List.of(sentAt + TIMEOUT), entered, "the ack deadline of the event sent");

        now.addAndGet(TIMEOUT);
        deliveries.retryDue();
        assertEquals(List.of(sentAt + TIMEOUT, now.get() + TIMEOUT), entered, "the deadline of the resend");

        deliveries.ack(new ClientFrame.Ack(T, 1));
        now.addAndGet(TIMEOUT);
        deliveries.retryDue();
        assertEquals(2, entered.size(), "everything acknowledged: not entered again");

        deliveries.retrySoon();
        assertEquals(0L, entered.get(2), "a failed task: due at once");
    }

    /** Subscribed with since 0 to a topic of {@code events} events that need acks, with the given max_unacked. */
    private ChannelDeliveries replayingAll(int events, int maxUnacked) {
        source.create(T, EPOCH);
        source.appendMany(T, events);
        ChannelDeliveries deliveries = deliveries(new DeliverySettings(TIMEOUT, MAX_RETRIES, 1000, 200, maxUnacked));
        deliveries.subscribe(subscribe(0L, null, "r1"), source.state(T), null);
        return deliveries;
    }

    /** A replay goes at the pace of the client's acks: never more than max_unacked past the last one. */
    @Test
    void aReplaySendsNoMoreThanMaxUnackedPastTheLastAck() {
        ChannelDeliveries deliveries = replayingAll(10, 4);
        assertEquals(range(1, 4), seqs(events(channel.fresh())));

        deliveries.ack(new ClientFrame.Ack(T, 1));
        assertEquals(List.of(), channel.fresh(), "one ack frees too little to read the log again");
        deliveries.retryDue();
        assertEquals(List.of(), channel.fresh(), "waiting for acks is not something to retry");
        deliveries.ack(new ClientFrame.Ack(T, 2));
        assertEquals(range(5, 6), seqs(events(channel.fresh())), "half the allowance free: the next page");

        deliveries.ack(new ClientFrame.Ack(T, 6));
        assertEquals(range(7, 10), seqs(events(channel.fresh())));
        deliveries.ack(new ClientFrame.Ack(T, 10));
        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of(), seqs(frames));
    }

    /**
     * The ack that frees room for the next page does not read it: acks are taken on a network thread,
     * and the read waits for the channel's executor, once however many acks came meanwhile.
     */
    @Test
    void theNextPageIsReadInTheChannelsExecutorNotOnTheAcksThread() {
        ChannelDeliveries deliveries = replayingAll(10, 4);
        assertEquals(range(1, 4), seqs(events(channel.fresh())));
        int reads = source.reads;

        channel.deferTasks = true;
        deliveries.ack(new ClientFrame.Ack(T, 2));
        deliveries.ack(new ClientFrame.Ack(T, 3));
        assertEquals(reads, source.reads, "no read of the log on the ack's thread");
        assertEquals(List.of(), channel.fresh());
        assertEquals(1, channel.deferred.size(), "one page to read, however many acks freed room for it");

        channel.runDeferred();
        assertEquals(range(5, 7), seqs(events(channel.fresh())), "the page, read in the channel's executor");
    }

    /** A page that cannot be read after an ack is read again by the next retry tick. */
    @Test
    void aPageThatFailsToBeReadAfterAnAckIsRetriedByTheTick() {
        ChannelDeliveries deliveries = replayingAll(10, 4);
        channel.fresh();
        source.failNextRead = new IllegalStateException("the log is unavailable");
        assertThrows(IllegalStateException.class, () -> deliveries.ack(new ClientFrame.Ack(T, 2)));
        assertEquals(List.of(), channel.fresh());
        assertTrue(deliveries.due(now.get()), "the tick is asked to try again");

        deliveries.retryDue();
        assertEquals(range(5, 6), seqs(events(channel.fresh())));
    }

    /** Events that need no ack are never held back waiting for one. */
    @Test
    void eventsThatNeedNoAckAreNotHeldBack() {
        source.create(T, EPOCH);
        for (int i = 0; i < 10; i++) {
            source.append(T, false);
        }
        ChannelDeliveries deliveries = deliveries(new DeliverySettings(TIMEOUT, MAX_RETRIES, 1000, 200, 3));
        deliveries.subscribe(subscribe(0L, null, "r1"), source.state(T), null);
        assertEquals(range(1, 10), seqs(events(channel.fresh())));
    }

    /** The retry after an ack deadline resends at most max_unacked, then goes on as acks come. */
    @Test
    void aResendIsPacedByAcksToo() {
        ChannelDeliveries deliveries = replayingAll(6, 3);
        channel.fresh();
        now.addAndGet(TIMEOUT);
        deliveries.retryDue();
        List<JsonObject> resent = events(channel.fresh());
        assertEquals(range(1, 3), seqs(resent));
        assertEquals(1, resent.get(0).getInt("redelivery"));
        deliveries.ack(new ClientFrame.Ack(T, 3));
        assertEquals(range(4, 6), seqs(events(channel.fresh())));
    }

    @Test
    void failureRangeStartsAfterTheLastAck() {
        source.create(T, EPOCH);
        ChannelDeliveries deliveries = subscribedAtEnd();
        source.appendMany(T, 4);
        live(deliveries, 1, 4);
        deliveries.ack(new ClientFrame.Ack(T, 2));
        channel.fresh();

        for (int retry = 1; retry <= MAX_RETRIES + 1; retry++) {
            now.addAndGet(TIMEOUT);
            deliveries.retryDue();
        }

        assertEquals(List.of(new Failed(CLIENT, T, 3, 4)), listener.failed);
        assertEquals(List.of(4408), channel.closeCodes);
    }

    @Test
    void anAckAfterARetryStopsFurtherRetries() {
        ChannelDeliveries deliveries = twoUnacknowledged();
        now.addAndGet(TIMEOUT);
        deliveries.retryDue();
        assertEquals(List.of(6L, 7L), seqs(channel.fresh()));

        deliveries.ack(new ClientFrame.Ack(T, 7));
        for (int i = 0; i < 10; i++) {
            now.addAndGet(TIMEOUT);
            deliveries.retryDue();
        }

        assertEquals(List.of(), channel.fresh());
        assertEquals(List.of(), channel.closeCodes);
        assertEquals(List.of(), listener.failed);
        assertEquals(List.of(new Acked(CLIENT, T, EPOCH, 7)), listener.acked);
    }

    /**
     * PROTOCOL §2/§4: {@code redelivery} is n on the n-th retry of an event, and every resend has it
     * "increased". An event resent once already and resent again must not carry the same redelivery.
     */
    @Test
    void aPartialAckAfterARetryStillIncreasesTheRedeliveryOfWhatIsResentAgain() {
        source.create(T, EPOCH);
        ChannelDeliveries deliveries = subscribedAtEnd();
        source.appendMany(T, 4);
        live(deliveries, 1, 4);
        channel.fresh();

        now.addAndGet(TIMEOUT);
        deliveries.retryDue();
        List<JsonObject> firstRetry = channel.fresh();
        assertEquals(range(1, 4), seqs(firstRetry));
        firstRetry.forEach(f -> assertEquals(1, f.getInt("redelivery")));

        deliveries.ack(new ClientFrame.Ack(T, 2));
        now.addAndGet(TIMEOUT);
        deliveries.retryDue();

        List<JsonObject> secondRetry = channel.fresh();
        assertEquals(List.of(3L, 4L), seqs(secondRetry));
        assertEvent(secondRetry.get(0), 3, 2);
        assertEvent(secondRetry.get(1), 4, 2);
    }

    @Test
    void eventsThatRequireNoAckStartNoDeadline() {
        source.create(T, EPOCH);
        ChannelDeliveries deliveries = subscribedAtEnd();
        StreamEvent first = source.append(T, false);
        StreamEvent second = source.append(T, false);
        deliveries.live(first);
        deliveries.live(second);
        List<JsonObject> sent = channel.fresh();
        assertEvent(sent.get(0), first, 0);
        assertEvent(sent.get(1), second, 0);

        for (int i = 0; i < 10; i++) {
            now.addAndGet(TIMEOUT);
            deliveries.retryDue();
        }

        assertEquals(List.of(), channel.fresh());
        assertEquals(List.of(), channel.closeCodes);
        assertEquals(List.of(), listener.failed);
    }

    @Test
    void theDeadlineRunsFromTheFirstUnacknowledgedEvent() {
        source.create(T, EPOCH);
        ChannelDeliveries deliveries = subscribedAtEnd();
        deliveries.live(source.append(T, false));
        now.addAndGet(1000);
        deliveries.live(source.append(T));
        now.addAndGet(1000);
        deliveries.live(source.append(T));
        channel.fresh();

        now.addAndGet(TIMEOUT - 1000 - 1);
        deliveries.retryDue();
        assertEquals(List.of(), channel.fresh());

        now.addAndGet(1);
        deliveries.retryDue();
        List<JsonObject> resent = channel.fresh();
        // every unacknowledged event, from the one after the last ack, in order
        assertEquals(List.of(1L, 2L, 3L), seqs(resent));
        resent.forEach(f -> assertEquals(1, f.getInt("redelivery")));
    }

    // ================================================================ resync

    @Test
    void resyncResendsFromTheGivenSeqUpToTheLastSentThenReplayed() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = subscribedAtEnd();
        source.appendMany(T, 3);
        live(deliveries, 6, 8);
        channel.fresh();

        deliveries.resync(new ClientFrame.Resync(T, 6, "r9"), source.state(T));

        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of("event", "event", "event", "replayed"), types(frames));
        assertEquals(range(6, 8), seqs(frames));
        for (int i = 0; i < 3; i++) {
            JsonObject frame = frames.get(i);
            StreamEvent event = source.event(T, 6 + i);
            assertEvent(frame, event, frame.getInt("redelivery"));
        }
        assertReplayed(frames.get(3), 6, 8, "r9");

        // live goes on after the last sent
        deliveries.live(source.append(T));
        assertEquals(List.of(9L), seqs(channel.fresh()));
    }

    @Test
    void resyncFromAnAcknowledgedSeqResendsItToo() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = subscribedAtEnd();
        source.appendMany(T, 3);
        live(deliveries, 6, 8);
        deliveries.ack(new ClientFrame.Ack(T, 8));
        channel.fresh();

        deliveries.resync(new ClientFrame.Resync(T, 4, "r9"), source.state(T));

        List<JsonObject> frames = channel.fresh();
        assertEquals(range(4, 8), seqs(frames));
        assertReplayed(frames.get(frames.size() - 1), 4, 8, "r9");
    }

    @Test
    void resyncBelowTheFirstAvailableSeqGetsResetRetention() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = subscribedAtEnd();
        source.purgeBefore(T, 4);

        deliveries.resync(new ClientFrame.Resync(T, 2, "r9"), source.state(T));

        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of("reset"), types(frames));
        assertReset(frames.get(0), EPOCH, 5, 4, "retention");

        deliveries.live(source.append(T));
        assertEquals(List.of(6L), seqs(channel.fresh()));
    }

    /**
     * A resync is a request: it is answered at once, whatever its from_seq. Asking from a seq beyond
     * anything sent has nothing to resend, so the answer is an immediate {@code replayed} (or an
     * {@code error}), never an answer held back until the topic grows that far.
     */
    @Test
    void resyncBeyondTheLastSentSeqIsAnsweredAtOnce() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = subscribedAtEnd();

        deliveries.resync(new ClientFrame.Resync(T, 100, "r9"), source.state(T));

        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of(), seqs(frames));
        assertEquals(1, frames.size(), () -> "the resync got no answer: " + frames);
        assertTrue(Set.of("replayed", "error").contains(frames.get(0).getString("type")));
        assertRequestId(frames.get(0), "r9");
    }

    // ================================================================ retention and epochs

    @Test
    void retentionPurgingWhileTheClientIsBehindGetsResetRetentionInsteadOfAGap() {
        source.create(T, EPOCH);
        source.appendMany(T, 10);
        channel.countBacklog = true;
        // queue limit 6: the replay stops at a backlog of 3, after subscribed + 2 events
        ChannelDeliveries deliveries = deliveries(new DeliverySettings(TIMEOUT, MAX_RETRIES, 6, 2));
        deliveries.subscribe(subscribe(0L, null, "r1"), source.state(T), null);
        List<JsonObject> first = channel.fresh();
        assertEquals(List.of(1L, 2L), seqs(first));

        source.purgeBefore(T, 6);
        channel.drain();

        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of("reset"), types(frames), "no event after the gap, no replayed");
        assertReset(frames.get(0), EPOCH, 10, 6, "retention");

        channel.drain();
        StreamEvent next = source.append(T);
        deliveries.live(next);
        List<JsonObject> after = channel.fresh();
        assertEquals(1, after.size());
        assertEvent(after.get(0), next, 0);
    }

    @Test
    void retentionPurgingBetweenTheStateReadAndTheReplayGetsResetRetention() {
        source.create(T, EPOCH);
        source.appendMany(T, 10);
        TopicState before = source.state(T);
        source.purgeBefore(T, 5);

        deliveries().subscribe(subscribe(2L, null, "r1"), before, null);

        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of("subscribed", "reset"), types(frames));
        assertReset(frames.get(1), EPOCH, 10, 5, "retention");
    }

    @Test
    void subscribingToATopicThatDoesNotExistAdoptsTheEpochOfItsFirstEvents() {
        ChannelDeliveries deliveries = deliveries();
        deliveries.subscribe(subscribe(null, null, "r1"), source.state(T), null);
        List<JsonObject> subscribed = channel.fresh();
        assertEquals(1, subscribed.size());
        assertSubscribed(subscribed.get(0), 0, 0, "r1");

        source.create(T, 9);
        source.appendMany(T, 2);
        live(deliveries, 1, 2);

        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of("event", "event"), types(frames), "no reset");
        assertEvent(frames.get(0), 1, 0);
        assertEvent(frames.get(1), 2, 0);

        deliveries.ack(new ClientFrame.Ack(T, 2));
        assertEquals(List.of(new Acked(CLIENT, T, 9, 2)), listener.acked);
    }

    @Test
    void liveEventOfANewEpochGetsResetEpoch() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = subscribedAtEnd();

        // the topic is re-created
        source.create(T, EPOCH + 1);
        StreamEvent reborn = source.append(T);
        deliveries.live(reborn);

        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of("reset"), types(frames));
        assertReset(frames.get(0), EPOCH + 1, 1, 1, "epoch");

        StreamEvent next = source.append(T);
        deliveries.live(next);
        List<JsonObject> after = channel.fresh();
        assertEquals(1, after.size());
        assertEvent(after.get(0), next, 0);
    }

    // ================================================================ failures of the log

    @Test
    void aReplayLeftBehindByAFailedReadIsResumedByRetryDue() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        source.failNextRead = new IllegalStateException("database down");
        ChannelDeliveries deliveries = deliveries();

        assertThrows(IllegalStateException.class,
                () -> deliveries.subscribe(subscribe(2L, null, "r1"), source.state(T), null));
        assertEquals(List.of("subscribed"), types(channel.fresh()));

        deliveries.retryDue();

        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of("event", "event", "event", "replayed"), types(frames));
        assertEquals(range(3, 5), seqs(frames));
        assertReplayed(frames.get(3), 3, 5, "r1");
    }

    // ================================================================ hardening

    /** The heads of {@link #T} as the log holds them now. */
    private java.util.function.Function<String, io.surewire.stream.entity.TopicHead> heads() {
        TopicLog log = source.logs.get(T);
        return topic -> topic.equals(T) ? new io.surewire.stream.entity.TopicHead(T, log.epoch, log.lastSeq()) : null;
    }

    /** Regression: an event committed with no live notification waited for the topic's next commit. */
    @Test
    void anEventThatNoLiveEventAnnouncedIsSentOnTheNextTickFromTheTopicsHead() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = subscribedAtEnd();
        source.appendMany(T, 2); // committed by recovery, or their observer failed: no live()

        deliveries.retryDue();
        assertEquals(List.of(), channel.fresh(), "without the head nothing tells the connection");

        deliveries.retryDue(heads());

        List<JsonObject> frames = channel.fresh();
        assertEquals(range(6, 7), seqs(frames));
        assertEvent(frames.get(0), 6, 0);
        assertEvent(frames.get(1), 7, 0);

        // the live notifications that come late send nothing twice
        live(deliveries, 6, 7);
        deliveries.retryDue(heads());
        assertEquals(List.of(), channel.fresh());
    }

    @Test
    void aHeadOfANewEpochGetsResetEpoch() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = subscribedAtEnd();
        source.create(T, EPOCH + 1);
        source.appendMany(T, 1);

        deliveries.retryDue(heads());

        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of("reset"), types(frames));
        assertReset(frames.get(0), EPOCH + 1, 1, 1, "epoch");
    }

    @Test
    void aHeadOfAnOlderEpochIsIgnored() {
        source.create(T, EPOCH);
        source.appendMany(T, 5);
        ChannelDeliveries deliveries = subscribedAtEnd();

        deliveries.retryDue(topic -> new io.surewire.stream.entity.TopicHead(T, EPOCH - 1, 50));

        assertEquals(List.of(), channel.fresh());
        assertEquals(0, deliveries.lag(T));
    }

    /** Regression: the failure could not be recorded (database down), so the close never happened. */
    @Test
    void theConnectionIsClosedWith4408EvenWhenTheFailureCannotBeRecorded() {
        ChannelDeliveries deliveries = twoUnacknowledged();
        listener.failToRecord = new IllegalStateException("database down");
        for (int retry = 1; retry <= MAX_RETRIES; retry++) {
            now.addAndGet(TIMEOUT);
            deliveries.retryDue();
        }
        now.addAndGet(TIMEOUT);

        assertThrows(IllegalStateException.class, deliveries::retryDue);

        assertEquals(List.of(4408), channel.closeCodes);
    }

    /** Regression: a reset left the durable cursor behind, so a client without since was reset on every reconnect. */
    @Test
    void aResetMovesTheDurableCursorToTheTopicsLastSeq() {
        source.create(T, EPOCH);
        source.appendMany(T, 10);
        source.purgeBefore(T, 5);
        ChannelDeliveries deliveries = deliveries();

        deliveries.subscribe(subscribe(null, null, "r1"), source.state(T), new Cursor(EPOCH, 2));

        assertEquals("reset", channel.fresh().get(1).getString("type"));
        assertEquals(List.of(new Acked(CLIENT, T, EPOCH, 10)), listener.repositioned);

        // coming back without since, from the moved cursor: no reset again
        ChannelDeliveries again = deliveries();
        again.subscribe(subscribe(null, null, "r2"), source.state(T), new Cursor(EPOCH, 10));
        List<JsonObject> frames = channel.fresh();
        assertEquals(List.of("subscribed", "replayed"), types(frames));
    }

    @Test
    void aResetOfAnEpochMovesTheCursorIntoTheNewEpoch() {
        source.create(T, EPOCH);
        source.appendMany(T, 3);
        ChannelDeliveries deliveries = deliveries();

        deliveries.subscribe(subscribe(null, null, "r1"), source.state(T), new Cursor(EPOCH - 1, 7));

        assertEquals(List.of(new Acked(CLIENT, T, EPOCH, 3)), listener.repositioned);
    }

    /** Regression: a resync during a subscribe's replay took the place of the replay, whose replayed never came. */
    @Test
    void aResyncDuringTheReplayOfASubscribeCompletesBoth() {
        // queue limit 10: the replay of 20 events stops at a backlog of 5
        ChannelDeliveries deliveries = pacedWith(20);
        deliveries.subscribe(subscribe(0L, null, "sub"), source.state(T), null);
        assertEquals(range(1, 4), seqs(channel.fresh()));

        deliveries.resync(new ClientFrame.Resync(T, 2, "gap"), source.state(T));
        readUntilNothingWaits(() -> { });

        List<JsonObject> all = channel.parsed();
        List<JsonObject> replayed = all.stream().filter(f -> f.getString("type").equals("replayed")).toList();
        assertEquals(2, replayed.size(), () -> "both replays end: " + replayed);
        assertReplayed(replayed.stream().filter(f -> f.getString("request_id").equals("sub")).findFirst().orElseThrow(),
                1, 20, "sub");
        assertReplayed(replayed.stream().filter(f -> f.getString("request_id").equals("gap")).findFirst().orElseThrow(),
                2, 4, "gap");
        List<Long> seqs = seqs(all);
        assertEquals(range(1, 4), seqs.subList(0, 4));
        assertEquals(range(2, 20), seqs.subList(4, seqs.size()), "the resync resends from 2, then the replay goes on");
        int lastEvent = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).getString("type").equals("event")) {
                lastEvent = i;
            }
        }
        assertTrue(all.indexOf(replayed.stream().filter(f -> f.getString("request_id").equals("sub")).findFirst()
                .orElseThrow()) > lastEvent, "the subscribe's replayed comes after its last event");
    }

    /** Regression: every live event that found the queue full added one more wake-up. */
    @Test
    void liveEventsWhileTheQueueIsFullAddOneWakeUpInAll() {
        ChannelDeliveries deliveries = pacedWith(20);
        deliveries.subscribe(subscribe(0L, null, "r1"), source.state(T), null);
        assertEquals(1, channel.drainWaiters.size());

        for (int i = 0; i < 50; i++) {
            deliveries.live(source.append(T));
            deliveries.retryDue();
        }

        assertEquals(1, channel.drainWaiters.size(), "one wake-up waits, however many events found the queue full");
        readUntilNothingWaits(() -> assertTrue(channel.drainWaiters.size() <= 1));
        assertEquals(range(1, 70), seqs(channel.parsed()));
        assertEquals(List.of(), channel.closeCodes);
    }
}
