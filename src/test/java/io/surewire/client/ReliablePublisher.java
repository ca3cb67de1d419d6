package io.surewire.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Duration;

/**
 * Publishes over WebSocket until each message is committed: it waits for the {@code receipt}, and
 * when the connection is lost first, reconnects and sends the same {@code client_msg_id} again, so
 * the server appends it once.
 */
public final class ReliablePublisher implements AutoCloseable {

    /** A committed publish, as the receipt told it. */
    public record Committed(String clientMsgId, long seq, boolean duplicate) {
    }

    private static final Duration RECEIPT_WAIT = Duration.ofSeconds(20);

    private final URI endpoint;
    private final String clientId;
    private final TokenSource tokens;
    private volatile SurewireClient client;
    private long retries;

    public ReliablePublisher(URI endpoint, String clientId) {
        this(endpoint, clientId, TokenSource.standard());
    }

    /** ... with the token of every connection from {@code tokens}, asked before each (re)connect. */
    public ReliablePublisher(URI endpoint, String clientId, TokenSource tokens) {
        this.endpoint = endpoint;
        this.clientId = clientId;
        this.tokens = tokens;
    }

    public Committed publish(String topic, JsonValue payload, String clientMsgId) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                SurewireClient current = connected();
                current.publish(topic, payload, clientMsgId);
                JsonObject answer = current.await(f -> ("receipt".equals(f.getString("type", ""))
                        && clientMsgId.equals(f.getString("client_msg_id"))) || "error".equals(f.getString("type", "")),
                        RECEIPT_WAIT);
                if ("receipt".equals(answer.getString("type"))) {
                    return new Committed(clientMsgId, answer.getJsonNumber("seq").longValue(), answer.getBoolean("duplicate"));
                }
                retries++;
            } catch (RuntimeException | AssertionError lost) {
                retries++;
                dropConnection();
            }
        }
        throw new IllegalStateException(clientId + " could not publish " + clientMsgId + " after 50 attempts");
    }

    /** Times a publish was sent again after a lost connection or an error. */
    public long retries() {
        return retries;
    }

    /** Drops the connection as a network failure would; the next publish reconnects. */
    public void kill() {
        SurewireClient current = client;
        if (current != null) {
            current.abort();
        }
    }

    private SurewireClient connected() {
        SurewireClient current = client;
        if (current == null || !current.isOpen()) {
            current = SurewireClient.connect(endpoint, clientId, tokens);
            current.await("hello", RECEIPT_WAIT);
            client = current;
        }
        return current;
    }

    private void dropConnection() {
        SurewireClient current = client;
        client = null;
        if (current != null) {
            current.abort();
        }
    }

    @Override
    public void close() {
        SurewireClient current = client;
        if (current != null) {
            current.close();
        }
    }
}
