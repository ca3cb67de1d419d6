package io.surewire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ServerFrames}: the server frames of PROTOCOL §2, each one JSON object with the exact field names. */
class ServerFramesTest {

    private static final Instant T = Instant.parse("2026-11-22T10:00:00.123Z");
    private static final Pattern ISO_UTC_MILLIS = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

    /** Parses {@code text} as exactly one JSON object. */
    private static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonObject object = reader.readObject();
            return object;
        }
    }

    private static void assertKeys(JsonObject frame, String... keys) {
        assertEquals(Set.of(keys), frame.keySet(), () -> "field names of " + frame);
    }

    private static JsonValue json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    // ---------------------------------------------------------------- hello

    @Test
    void hello() {
        String text = ServerFrames.hello(T, "req-uuid", "abc-123", "sess-uuid", 25000, 5000, 3, 65536, 500);
        JsonObject hello = parse(text);
        assertKeys(hello, "type", "server_time", "accepted_version", "features", "request_id", "client_id",
                "session_id", "heartbeat_interval_ms", "ack_timeout_ms", "max_retries", "max_frame_bytes",
                "max_frames_per_second");
        assertEquals("hello", hello.getString("type"));
        assertEquals("2026-11-22T10:00:00.123Z", hello.getString("server_time"));
        assertEquals(1, hello.getJsonNumber("accepted_version").intValueExact());
        assertEquals(Json.createArrayBuilder(List.of("heartbeat", "ack", "resync", "publish", "durable_cursor")).build(),
                hello.getJsonArray("features"));
        assertEquals("req-uuid", hello.getString("request_id"));
        assertEquals("abc-123", hello.getString("client_id"));
        assertEquals("sess-uuid", hello.getString("session_id"));
        assertEquals(25000L, hello.getJsonNumber("heartbeat_interval_ms").longValueExact());
        assertEquals(5000L, hello.getJsonNumber("ack_timeout_ms").longValueExact());
        assertEquals(3, hello.getJsonNumber("max_retries").intValueExact());
        assertEquals(65536, hello.getJsonNumber("max_frame_bytes").intValueExact());
        assertEquals(500, hello.getJsonNumber("max_frames_per_second").intValueExact());
    }

    @Test
    void helloIsCompactAndStartsWithItsType() {
        assertEquals("{\"type\":\"hello\",\"server_time\":\"2026-11-22T10:00:00.123Z\",\"accepted_version\":1,"
                        + "\"features\":[\"heartbeat\",\"ack\",\"resync\",\"publish\",\"durable_cursor\"],"
                        + "\"request_id\":\"r\",\"client_id\":\"c\",\"session_id\":\"s\","
                        + "\"heartbeat_interval_ms\":25000,\"ack_timeout_ms\":5000,\"max_retries\":3,"
                        + "\"max_frame_bytes\":65536,\"max_frames_per_second\":500}",
                ServerFrames.hello(T, "r", "c", "s", 25000, 5000, 3, 65536, 500));
    }

    @Test
    void featuresAreThoseOfSection1() {
        assertEquals(List.of("heartbeat", "ack", "resync", "publish", "durable_cursor"), ServerFrames.FEATURES);
    }

    // ---------------------------------------------------------------- event

    @Test
    void event() {
        JsonObject event = parse(ServerFrames.event("orders", 17, 2, "ev-id", T, true, "{\"a\":1}", 0));
        assertKeys(event, "type", "topic", "seq", "epoch", "id", "ts", "requires_ack", "payload", "redelivery");
        assertEquals("event", event.getString("type"));
        assertEquals("orders", event.getString("topic"));
        assertEquals(17L, event.getJsonNumber("seq").longValueExact());
        assertEquals(2L, event.getJsonNumber("epoch").longValueExact());
        assertEquals("ev-id", event.getString("id"));
        assertEquals("2026-11-22T10:00:00.123Z", event.getString("ts"));
        assertEquals(JsonValue.TRUE, event.get("requires_ack"));
        assertEquals(json("{\"a\":1}"), event.get("payload"));
        assertEquals(0, event.getJsonNumber("redelivery").intValueExact());
    }

    @Test
    void eventWithoutAckAndOnItsThirdRetry() {
        JsonObject event = parse(ServerFrames.event("t", 9007199254740991L, 9007199254740991L, "i", T, false, "null", 3));
        assertEquals(JsonValue.FALSE, event.get("requires_ack"));
        assertEquals(3, event.getJsonNumber("redelivery").intValueExact());
        assertEquals(9007199254740991L, event.getJsonNumber("seq").longValueExact());
        assertEquals(9007199254740991L, event.getJsonNumber("epoch").longValueExact());
        assertEquals(JsonValue.NULL, event.get("payload"));
    }

    @ParameterizedTest(name = "payload {0}")
    @ValueSource(strings = {"{\"a\":1}", "{ \"a\" : 1e3 , \"b\" : [ 1.50 ] }", "null", "true", "false", "0", "-1.25e-7",
            "12345678901234567890123456789", "\"text with \\\"quotes\\\" and \\u00e9\"", "[]", "{}",
            "[1,\"two\",{\"three\":[3]},null]", "{\"type\":\"not-the-frame-type\",\"payload\":{\"seq\":-1}}",
            "\"caf\u00e9 \u65e5\u672c\""})
    void eventSplicesThePayloadVerbatim(String payload) {
        String text = ServerFrames.event("t", 1, 1, "i", T, true, payload, 0);
        assertTrue(text.endsWith(",\"payload\":" + payload + "}"), text);
        JsonObject event = parse(text);
        assertEquals(json(payload), event.get("payload"));
        assertEquals("event", event.getString("type"));
        assertEquals(1L, event.getJsonNumber("seq").longValueExact());
    }

    @Test
    void eventIsExact() {
        assertEquals("{\"type\":\"event\",\"topic\":\"a/b\",\"seq\":5,\"epoch\":1,\"id\":\"x\","
                        + "\"ts\":\"2026-11-22T10:00:00.123Z\",\"requires_ack\":true,\"redelivery\":2,\"payload\":[1, 2]}",
                ServerFrames.event("a/b", 5, 1, "x", Instant.parse("2026-11-22T10:00:00.123987Z"), true, "[1, 2]", 2));
    }

    // ---------------------------------------------------------------- subscribed, replayed, reset, receipt

    @Test
    void subscribedWithRequestId() {
        JsonObject frame = parse(ServerFrames.subscribed("orders", 3, 41, "s-1"));
        assertKeys(frame, "type", "topic", "epoch", "last_seq", "request_id");
        assertEquals("subscribed", frame.getString("type"));
        assertEquals("orders", frame.getString("topic"));
        assertEquals(3L, frame.getJsonNumber("epoch").longValueExact());
        assertEquals(41L, frame.getJsonNumber("last_seq").longValueExact());
        assertEquals("s-1", frame.getString("request_id"));
    }

    @Test
    void subscribedWithoutRequestIdOmitsIt() {
        assertEquals("{\"type\":\"subscribed\",\"topic\":\"orders\",\"epoch\":3,\"last_seq\":0}",
                ServerFrames.subscribed("orders", 3, 0, null));
    }

    @Test
    void replayedWithRequestId() {
        JsonObject frame = parse(ServerFrames.replayed("orders", 5, 9, "r-1"));
        assertKeys(frame, "type", "topic", "from_seq", "to_seq", "request_id");
        assertEquals("replayed", frame.getString("type"));
        assertEquals("orders", frame.getString("topic"));
        assertEquals(5L, frame.getJsonNumber("from_seq").longValueExact());
        assertEquals(9L, frame.getJsonNumber("to_seq").longValueExact());
        assertEquals("r-1", frame.getString("request_id"));
    }

    @Test
    void replayedWithoutRequestIdOmitsIt() {
        assertEquals("{\"type\":\"replayed\",\"topic\":\"t\",\"from_seq\":1,\"to_seq\":0}",
                ServerFrames.replayed("t", 1, 0, null));
    }

    @ParameterizedTest
    @CsvSource({"RETENTION, retention", "EPOCH, epoch"})
    void reset(ServerFrames.ResetReason reason, String wire) {
        JsonObject frame = parse(ServerFrames.reset("orders", 4, 120, 100, reason, "z-1"));
        assertKeys(frame, "type", "topic", "epoch", "last_seq", "first_available_seq", "reason", "request_id");
        assertEquals("reset", frame.getString("type"));
        assertEquals("orders", frame.getString("topic"));
        assertEquals(4L, frame.getJsonNumber("epoch").longValueExact());
        assertEquals(120L, frame.getJsonNumber("last_seq").longValueExact());
        assertEquals(100L, frame.getJsonNumber("first_available_seq").longValueExact());
        assertEquals(wire, frame.getString("reason"));
        assertEquals("z-1", frame.getString("request_id"));
    }

    @Test
    void resetWithoutRequestIdOmitsIt() {
        assertEquals("{\"type\":\"reset\",\"topic\":\"t\",\"epoch\":2,\"last_seq\":7,\"first_available_seq\":1,"
                + "\"reason\":\"epoch\"}", ServerFrames.reset("t", 2, 7, 1, ServerFrames.ResetReason.EPOCH, null));
    }

    @Test
    void resetReasonsAreThoseOfTheProtocol() {
        assertEquals(List.of("retention", "epoch"),
                Stream.of(ServerFrames.ResetReason.values()).map(ServerFrames.ResetReason::wire).collect(Collectors.toList()));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void receipt(boolean duplicate) {
        JsonObject frame = parse(ServerFrames.receipt("m-1", "orders", 8, duplicate, "p-1"));
        assertKeys(frame, "type", "client_msg_id", "topic", "seq", "duplicate", "request_id");
        assertEquals("receipt", frame.getString("type"));
        assertEquals("m-1", frame.getString("client_msg_id"));
        assertEquals("orders", frame.getString("topic"));
        assertEquals(8L, frame.getJsonNumber("seq").longValueExact());
        assertEquals(duplicate, frame.getBoolean("duplicate"));
        assertEquals("p-1", frame.getString("request_id"));
    }

    @Test
    void receiptWithoutRequestIdOmitsIt() {
        assertEquals("{\"type\":\"receipt\",\"client_msg_id\":\"m\",\"topic\":\"t\",\"seq\":1,\"duplicate\":true}",
                ServerFrames.receipt("m", "t", 1, true, null));
    }

    @Test
    void receiptEscapesAnyClientMsgId() {
        String id = "quote \" backslash \\ newline \n tab \t nul \u0000 \u00e9 \u2028";
        JsonObject frame = parse(ServerFrames.receipt(id, "t", 1, false, null));
        assertEquals(id, frame.getString("client_msg_id"));
        assertFalse(frame.containsKey("request_id"));
    }

    // ---------------------------------------------------------------- ping, pong, shutdown

    @Test
    void ping() {
        assertEquals("{\"type\":\"ping\",\"ts\":\"2026-11-22T10:00:00.123Z\"}", ServerFrames.ping(T));
    }

    @Test
    void pongEchoesAStringTs() {
        assertEquals("{\"type\":\"pong\",\"ts\":\"client clock 7\"}", ServerFrames.pong(Json.createValue("client clock 7")));
    }

    @Test
    void pongEchoesANumberTs() {
        assertEquals("{\"type\":\"pong\",\"ts\":1795346400123}", ServerFrames.pong(Json.createValue(1795346400123L)));
        assertEquals("{\"type\":\"pong\",\"ts\":1.50}", ServerFrames.pong(json("1.50")));
    }

    @Test
    void shutdown() {
        JsonObject frame = parse(ServerFrames.shutdown(2500));
        assertKeys(frame, "type", "reconnect_after_ms");
        assertEquals("{\"type\":\"shutdown\",\"reconnect_after_ms\":2500}", ServerFrames.shutdown(2500));
    }

    // ---------------------------------------------------------------- error

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void errorForEveryCode(ErrorCode code) {
        JsonObject frame = parse(ServerFrames.error(code, "refused: \"why\"\n", "e-1"));
        assertKeys(frame, "type", "code", "message", "request_id");
        assertEquals("error", frame.getString("type"));
        assertEquals(code.wire(), frame.getString("code"));
        assertEquals("refused: \"why\"\n", frame.getString("message"));
        assertEquals("e-1", frame.getString("request_id"));
    }

    @Test
    void errorWithoutRequestIdOmitsIt() {
        assertEquals("{\"type\":\"error\",\"code\":\"bad_json\",\"message\":\"not JSON\"}",
                ServerFrames.error(ErrorCode.BAD_JSON, "not JSON", null));
    }

    @Test
    void errorCodesAreExactlyThoseOfSection2() {
        assertEquals(List.of("bad_json", "bad_frame", "unknown_type", "forbidden", "not_subscribed", "rate_limited",
                        "unavailable", "internal"),
                Stream.of(ErrorCode.values()).map(ErrorCode::wire).collect(Collectors.toList()));
    }

    @Test
    void errorForARefusedFrameIsValidJson() {
        ProtocolException refused;
        try {
            FrameCodec.decode("{\"type\":\"nope\",\"request_id\":\"q\\\"1\"}");
            throw new AssertionError("the frame was accepted");
        } catch (ProtocolException e) {
            refused = e;
        }
        JsonObject frame = parse(ServerFrames.error(refused.code(), refused.getMessage(), refused.requestId()));
        assertEquals("unknown_type", frame.getString("code"));
        assertEquals("q\"1", frame.getString("request_id"));
        assertEquals(refused.getMessage(), frame.getString("message"));
    }

    // ---------------------------------------------------------------- timestamps

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-11-22T10:00:00.123Z,       2026-11-22T10:00:00.123Z",
            "2026-11-22T10:00:00.123456789Z, 2026-11-22T10:00:00.123Z",
            "2026-11-22T10:00:00.999999999Z, 2026-11-22T10:00:00.999Z",
            "2026-11-22T10:00:00.100Z,       2026-11-22T10:00:00.100Z",
            "2026-11-22T10:00:00.001Z,       2026-11-22T10:00:00.001Z",
            "2026-11-22T10:00:00.010500Z,    2026-11-22T10:00:00.010Z",
            "2026-11-22T11:00:00.5+01:00,    2026-11-22T10:00:00.500Z",
            "1970-01-01T00:00:00.001Z,       1970-01-01T00:00:00.001Z",
            "2026-12-31T23:59:59.999Z,       2026-12-31T23:59:59.999Z"})
    void timestampsAreIsoUtcTruncatedToMilliseconds(String instant, String expected) {
        Instant i = java.time.OffsetDateTime.parse(instant).toInstant();
        String ts = ServerFrames.timestamp(i);
        assertEquals(expected, ts);
        assertTrue(ISO_UTC_MILLIS.matcher(ts).matches(), ts);
        assertEquals(i.truncatedTo(ChronoUnit.MILLIS), Instant.parse(ts));
    }

    /** On a whole second the milliseconds are still written: every timestamp has the same width. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-11-22T10:00:00Z,           2026-11-22T10:00:00.000Z",
            "2026-11-22T10:00:00.000999999Z, 2026-11-22T10:00:00.000Z",
            "1970-01-01T00:00:00Z,           1970-01-01T00:00:00.000Z"})
    void timestampOnAWholeSecond(String instant, String expected) {
        String ts = ServerFrames.timestamp(Instant.parse(instant));
        assertEquals(expected, ts);
        assertTrue(ISO_UTC_MILLIS.matcher(ts).matches(), ts);
    }

    @Test
    void everyFrameTimestampUsesTheSameFormat() {
        Instant t = Instant.parse("2026-01-02T03:04:05.678901Z");
        String expected = "2026-01-02T03:04:05.678Z";
        assertEquals(expected, parse(ServerFrames.hello(t, "r", "c", "s", 1, 1, 1, 1, 1)).getString("server_time"));
        assertEquals(expected, parse(ServerFrames.event("t", 1, 1, "i", t, true, "{}", 0)).getString("ts"));
        assertEquals(expected, parse(ServerFrames.ping(t)).getString("ts"));
    }

    // ---------------------------------------------------------------- rate_limited

    @Test
    void rateLimitedNamesTheRefusedFrame() {
        JsonObject refused = parse(ServerFrames.rateLimited("too fast",
                new ClientFrame.Publish("a/b", "{}", "m-1", true, "r-9")));
        assertKeys(refused, "type", "code", "message", "refused_type", "topic", "request_id");
        assertEquals("error", refused.getString("type"));
        assertEquals("rate_limited", refused.getString("code"));
        assertEquals("publish", refused.getString("refused_type"));
        assertEquals("a/b", refused.getString("topic"));
        assertEquals("r-9", refused.getString("request_id"));

        JsonObject ack = parse(ServerFrames.rateLimited("too fast", new ClientFrame.Ack("t", 4)));
        assertKeys(ack, "type", "code", "message", "refused_type", "topic");
        assertEquals("ack", ack.getString("refused_type"));

        JsonObject ping = parse(ServerFrames.rateLimited("too fast", new ClientFrame.Ping(Json.createValue(1))));
        assertKeys(ping, "type", "code", "message", "refused_type");

        JsonObject unreadable = parse(ServerFrames.rateLimited("too fast", null));
        assertKeys(unreadable, "type", "code", "message");
    }
}
