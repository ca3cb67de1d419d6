package io.surewire.client;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A client of the Surewire protocol on the JDK's {@code java.net.http.WebSocket}. Frames arrive in a
 * queue the caller reads with {@link #next} and {@link #await}; server pings are answered at once
 * unless {@link #answerPings(boolean)} says otherwise. Reading can be paused to act as a slow consumer.
 */
public final class SurewireClient implements AutoCloseable {

    /** How a connection ended: the close code (1006 when no close frame came) and its reason. */
    public record Closed(int code, String reason) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String clientId;
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final List<JsonObject> history = new CopyOnWriteArrayList<>();
    private final List<Consumer<JsonObject>> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean requestPending = new AtomicBoolean();
    private volatile boolean answerPings = true;
    private volatile WebSocket socket;

    private SurewireClient(String clientId) {
        this.clientId = clientId;
    }

    /**
     * Connects to {@code ws://.../ws/client} with the given query parameters (client_id among them, or
     * not), and the {@link TokenSource#standard() standard} token unless they carry one.
     */
    public static SurewireClient connect(URI endpoint, Map<String, String> parameters) {
        return connect(endpoint, parameters, TokenSource.standard());
    }

    /** Connects with the query parameters and a {@code token} from {@code tokens}, unless they carry one. */
    public static SurewireClient connect(URI endpoint, Map<String, String> parameters, TokenSource tokens) {
        SurewireClient client = new SurewireClient(parameters.get("client_id"));
        Map<String, String> all = new LinkedHashMap<>(parameters);
        if (!all.containsKey("token") && all.get("client_id") != null) {
            String token = tokens.token(all.get("client_id"), all.getOrDefault("role", "frontend"));
            if (token != null) {
                all.put("token", token);
            }
        }
        StringBuilder query = new StringBuilder();
        all.forEach((name, value) -> query.append(query.length() == 0 ? "?" : "&")
                .append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        client.socket = HTTP.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(endpoint + query.toString()), client.new Listener())
                .orTimeout(30, TimeUnit.SECONDS)
                .join();
        return client;
    }

    /** Connects as {@code clientId} with the default version and role. */
    public static SurewireClient connect(URI endpoint, String clientId) {
        return connect(endpoint, Map.of("client_id", clientId));
    }

    /** Connects as {@code clientId} with the default version and role, and a token from {@code tokens}. */
    public static SurewireClient connect(URI endpoint, String clientId, TokenSource tokens) {
        return connect(endpoint, Map.of("client_id", clientId), tokens);
    }

    public String clientId() {
        return clientId;
    }

    // ---- sending

    /** Sends one text frame and waits until it is written; sends of one client never overlap. */
    public synchronized void send(String text) {
        socket.sendText(text, true).orTimeout(30, TimeUnit.SECONDS).join();
    }

    public void send(JsonObject frame) {
        send(frame.toString());
    }

    public synchronized void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(30, TimeUnit.SECONDS).join();
    }

    public void subscribe(String topic) {
        send(frame("subscribe").add("topic", topic).build());
    }

    public void subscribe(String topic, long since) {
        send(frame("subscribe").add("topic", topic).add("since", since).build());
    }

    public void subscribe(String topic, long since, long epoch, String requestId) {
        send(frame("subscribe").add("topic", topic).add("since", since).add("epoch", epoch)
                .add("request_id", requestId).build());
    }

    public void unsubscribe(String topic) {
        send(frame("unsubscribe").add("topic", topic).build());
    }

    public void ack(String topic, long seq) {
        send(frame("ack").add("topic", topic).add("seq", seq).build());
    }

    public void resync(String topic, long fromSeq, String requestId) {
        send(frame("resync").add("topic", topic).add("from_seq", fromSeq).add("request_id", requestId).build());
    }

    public void publish(String topic, JsonValue payload, String clientMsgId) {
        send(frame("publish").add("topic", topic).add("payload", payload).add("client_msg_id", clientMsgId).build());
    }

    public void ping(long ts) {
        send(frame("ping").add("ts", ts).build());
    }

    public static JsonObjectBuilder frame(String type) {
        return Json.createObjectBuilder().add("type", type);
    }

    // ---- receiving

    /** The next frame, or an {@link AssertionError} after {@code timeout}. */
    public JsonObject next(Duration timeout) {
        try {
            JsonObject frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError(clientId + ": no frame within " + timeout + (closed.isDone()
                        ? "; closed with " + closed.join() : ""));
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The next frame that matches, skipping the others (they stay in {@link #history()}). */
    public JsonObject await(Predicate<JsonObject> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> skipped = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(clientId + ": no matching frame within " + timeout + "; skipped " + skipped
                        + (closed.isDone() ? "; closed with " + closed.join() : ""));
            }
            try {
                JsonObject frame = frames.poll(left, TimeUnit.NANOSECONDS);
                if (frame != null && matching.test(frame)) {
                    return frame;
                }
                if (frame != null && skipped.size() < 20) {
                    skipped.add(frame.toString().length() > 200 ? frame.toString().substring(0, 200) : frame.toString());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** The next frame of the given type. */
    public JsonObject await(String type, Duration timeout) {
        return await(f -> type.equals(f.getString("type", null)), timeout);
    }

    /** Frames received and not yet taken, without waiting. */
    public List<JsonObject> drain() {
        List<JsonObject> taken = new ArrayList<>();
        frames.drainTo(taken);
        return taken;
    }

    /** Every frame received, in order, taken or not. */
    public List<JsonObject> history() {
        return List.copyOf(history);
    }

    /** Called on the receiving thread for every frame, before it is queued. */
    public void onFrame(Consumer<JsonObject> listener) {
        listeners.add(listener);
    }

    public CompletableFuture<Closed> closed() {
        return closed;
    }

    /** Waits for the server to close the connection. */
    public Closed awaitClose(Duration timeout) {
        return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    public void answerPings(boolean answer) {
        this.answerPings = answer;
    }

    /** Stops reading: the server's frames pile up in the TCP buffers, as with a client that hangs. */
    public void pauseReading() {
        paused.set(true);
    }

    public void resumeReading() {
        paused.set(false);
        if (requestPending.compareAndSet(true, false)) {
            socket.request(1);
        }
    }

    /** Closes normally with 1000. */
    @Override
    public synchronized void close() {
        if (!closed.isDone() && !socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(10, TimeUnit.SECONDS).join();
            } catch (RuntimeException alreadyGone) {
                socket.abort();
            }
        }
    }

    /** Drops the TCP connection without a close frame, as a network failure would. */
    public void abort() {
        socket.abort();
        closed.complete(new Closed(1006, "aborted by the client"));
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                receive(webSocket, Json.createReader(new StringReader(text)).readObject());
            }
            requestMore(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            requestMore(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            if (!webSocket.isOutputClosed()) {
                webSocket.sendClose(statusCode == 1005 ? WebSocket.NORMAL_CLOSURE : statusCode, "");
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(1006, String.valueOf(error)));
        }

        private void receive(WebSocket webSocket, JsonObject frame) {
            history.add(frame);
            if ("ping".equals(frame.getString("type", null)) && answerPings) {
                try {
                    send(frame("pong").add("ts", frame.get("ts")).build());
                } catch (RuntimeException closing) {
                    // the connection is going away; the close will tell
                }
            }
            listeners.forEach(listener -> listener.accept(frame));
            frames.add(frame);
        }

        private void requestMore(WebSocket webSocket) {
            if (paused.get()) {
                requestPending.set(true);
                if (!paused.get() && requestPending.compareAndSet(true, false)) {
                    webSocket.request(1);
                }
            } else {
                webSocket.request(1);
            }
        }
    }

    /** Map of values for a query, keeping their order. */
    public static Map<String, String> query(String... nameValues) {
        Map<String, String> query = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            query.put(nameValues[i], nameValues[i + 1]);
        }
        return query;
    }
}
