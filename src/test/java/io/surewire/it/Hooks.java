package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/** Calls the test hooks deployed with {@link Deployments#withHooks}. */
public final class Hooks {

    private Hooks() {
    }

    /** Appends and commits an event; returns its seq. */
    public static long commit(URL base, String topic, String payload) {
        HttpResponse<String> response = append(base, topic, "commit", payload);
        assertEquals(200, response.statusCode(), response.body());
        return json(response.body()).getJsonNumber("seq").longValue();
    }

    /**
     * Commits an event with its live notification suppressed (see {@link io.surewire.it.hooks.SilentAppends});
     * returns its seq.
     */
    public static long silentAppend(URL base, String topic) {
        HttpResponse<String> response = Endpoints.post(base,
                "/api/it/silent-append?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8), "");
        assertEquals(200, response.statusCode(), response.body());
        return json(response.body()).getJsonNumber("seq").longValue();
    }

    /** Appends an event, then throws: the transaction rolls back. Returns the seq it had taken. */
    public static long rollBackByException(URL base, String topic, String payload) {
        HttpResponse<String> response = append(base, topic, "throw", payload);
        assertEquals(409, response.statusCode(), response.body());
        return json(response.body()).getJsonNumber("rolled_back_seq").longValue();
    }

    /** Appends an event, then marks the transaction rollback-only. Returns the seq it had taken. */
    public static long rollBackByMark(URL base, String topic, String payload) {
        HttpResponse<String> response = append(base, topic, "rollback-only", payload);
        assertEquals(200, response.statusCode(), response.body());
        return json(response.body()).getJsonNumber("seq").longValue();
    }

    public static void purgeThrough(URL base, String topic, long seq) {
        HttpResponse<String> response = Endpoints.post(base, "/api/it/purge?topic=" + encode(topic) + "&through=" + seq, "");
        assertEquals(200, response.statusCode(), response.body());
    }

    private static HttpResponse<String> append(URL base, String topic, String outcome, String payload) {
        return Endpoints.post(base, "/api/it/append?topic=" + encode(topic) + "&outcome=" + outcome
                + "&payload=" + encode(payload), "");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    public static jakarta.json.JsonArray jsonArray(String text) {
        return Json.createReader(new StringReader(text)).readArray();
    }

    /** The histogram of one latency of {@code GET /api/websocket/metrics} (microseconds), decoded. */
    public static Histogram histogram(JsonObject latency) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(latency.getString("histogram"))), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("not a compressed histogram: " + latency, e);
        }
    }
}
