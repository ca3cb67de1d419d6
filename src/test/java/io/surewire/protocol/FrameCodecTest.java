package io.surewire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link FrameCodec#decode}: the client frames of PROTOCOL §2 and the error code of every bad input. */
class FrameCodecTest {

    /** JSON written with single quotes, for readability: every {@code '} becomes {@code "}. */
    private static String j(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static ProtocolException refused(String text) {
        ClientFrame frame;
        try {
            frame = FrameCodec.decode(text);
        } catch (ProtocolException e) {
            return e;
        } catch (Throwable t) {
            return fail("expected a ProtocolException for " + abbreviate(text) + " but got " + t, t);
        }
        return fail("expected a ProtocolException for " + abbreviate(text) + " but decoded " + frame);
    }

    private static void assertRefused(ErrorCode code, String requestId, String text) {
        ProtocolException e = refused(text);
        assertEquals(code, e.code(), () -> "error code for " + abbreviate(text) + " (" + e.getMessage() + ")");
        assertEquals(requestId, e.requestId(), () -> "request id for " + abbreviate(text));
    }

    private static <T extends ClientFrame> T decode(Class<T> type, String text) {
        return assertInstanceOf(type, FrameCodec.decode(text));
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...(" + text.length() + " chars)";
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    // ---------------------------------------------------------------- subscribe

    @Test
    void subscribeWithTopicOnly() {
        assertEquals(new ClientFrame.Subscribe("orders", null, null, null),
                FrameCodec.decode(j("{'type':'subscribe','topic':'orders'}")));
    }

    @Test
    void subscribeWithSinceEpochAndRequestId() {
        assertEquals(new ClientFrame.Subscribe("clinic.7/board:appointments-2026", 42L, 3L, "req-1"),
                FrameCodec.decode(j("{'type':'subscribe','topic':'clinic.7/board:appointments-2026',"
                        + "'since':42,'epoch':3,'request_id':'req-1'}")));
    }

    @Test
    void subscribeWithSinceOnly() {
        assertEquals(new ClientFrame.Subscribe("t", 0L, null, null),
                FrameCodec.decode(j("{'type':'subscribe','topic':'t','since':0}")));
    }

    @Test
    void subscribeWithEpochOnly() {
        assertEquals(new ClientFrame.Subscribe("t", null, 9L, null),
                FrameCodec.decode(j("{'type':'subscribe','topic':'t','epoch':9}")));
    }

    @Test
    void subscribeWithNullSinceEpochAndRequestIdTreatsThemAsAbsent() {
        assertEquals(new ClientFrame.Subscribe("t", null, null, null),
                FrameCodec.decode(j("{'type':'subscribe','topic':'t','since':null,'epoch':null,'request_id':null}")));
    }

    @Test
    void subscribeAcceptsTheLargestExactJavaScriptInteger() {
        assertEquals(9007199254740991L, FrameCodec.MAX_NUMBER);
        assertEquals(new ClientFrame.Subscribe("t", 9007199254740991L, 9007199254740991L, null),
                FrameCodec.decode(j("{'type':'subscribe','topic':'t','since':9007199254740991,'epoch':9007199254740991}")));
    }

    @Test
    void integralNumbersWrittenWithAFractionOrExponentAreAccepted() {
        assertEquals(new ClientFrame.Subscribe("t", 5L, 100L, null),
                FrameCodec.decode(j("{'type':'subscribe','topic':'t','since':5.0,'epoch':1E2}")));
        assertEquals(new ClientFrame.Ack("t", 0L), FrameCodec.decode(j("{'type':'ack','topic':'t','seq':-0}")));
    }

    // ---------------------------------------------------------------- unsubscribe, ack, resync

    @Test
    void unsubscribe() {
        assertEquals(new ClientFrame.Unsubscribe("orders", null),
                FrameCodec.decode(j("{'type':'unsubscribe','topic':'orders'}")));
    }

    @Test
    void unsubscribeWithRequestId() {
        assertEquals(new ClientFrame.Unsubscribe("orders", "u-7"),
                FrameCodec.decode(j("{'type':'unsubscribe','topic':'orders','request_id':'u-7'}")));
    }

    @Test
    void ack() {
        assertEquals(new ClientFrame.Ack("orders", 17L), FrameCodec.decode(j("{'type':'ack','topic':'orders','seq':17}")));
    }

    @Test
    void anAckInTheClientsCompactFormIsReadWithoutTheParserAndAnyOtherFormByIt() {
        assertEquals(new ClientFrame.Ack("a/b:c-1", 42L), FrameCodec.compactAck(j("{'type':'ack','topic':'a/b:c-1','seq':42}")));
        for (String other : new String[] {
                "{ 'type':'ack','topic':'t','seq':1}", "{'topic':'t','type':'ack','seq':1}", "{'type':'ack','topic':'t','seq':1,'x':2}",
                "{'type':'ack','topic':'\\u0074','seq':1}", "{'type':'ack','topic':'t','seq':1.0}", "{'type':'ack','topic':'t','seq':1e2}"}) {
            assertNull(FrameCodec.compactAck(j(other)), other);
            assertEquals(FrameCodec.parsed(j(other)), FrameCodec.decode(j(other)), other);
        }
        for (String refused : new String[] {
                "{'type':'ack','topic':'t','seq':01}", "{'type':'ack','topic':'t','seq':-1}", "{'type':'ack','topic':'','seq':1}",
                "{'type':'ack','topic':'t','seq':9007199254740992}", "{'type':'ack','topic':'t','seq':1}}", "{'type':'ack','topic':'t','seq':}"}) {
            assertNull(FrameCodec.compactAck(j(refused)), refused);
            assertThrows(ProtocolException.class, () -> FrameCodec.decode(j(refused)), refused);
        }
    }

    @Test
    void ackOfSeqZeroAndOfTheLargestSeq() {
        assertEquals(new ClientFrame.Ack("t", 0L), FrameCodec.decode(j("{'type':'ack','topic':'t','seq':0}")));
        assertEquals(new ClientFrame.Ack("t", 9007199254740991L),
                FrameCodec.decode(j("{'type':'ack','topic':'t','seq':9007199254740991}")));
    }

    @Test
    void resync() {
        assertEquals(new ClientFrame.Resync("orders", 5L, null),
                FrameCodec.decode(j("{'type':'resync','topic':'orders','from_seq':5}")));
    }

    @Test
    void resyncWithRequestIdAndFromSeqOne() {
        assertEquals(new ClientFrame.Resync("orders", 1L, "rs-1"),
                FrameCodec.decode(j("{'type':'resync','topic':'orders','from_seq':1,'request_id':'rs-1'}")));
    }

    // ---------------------------------------------------------------- publish

    @Test
    void publishWithObjectPayload() {
        assertEquals(new ClientFrame.Publish("orders", "{\"id\":7,\"items\":[\"a\",\"b\"],\"paid\":true,\"note\":null}",
                        "m-1", true, "p-1"),
                FrameCodec.decode(j("{'type':'publish','topic':'orders','client_msg_id':'m-1','request_id':'p-1',"
                        + "'payload':{'id':7,'items':['a','b'],'paid':true,'note':null}}")));
    }

    static Stream<Arguments> payloads() {
        return Stream.of(
                Arguments.of("null", "null"),
                Arguments.of("[]", "[]"),
                Arguments.of("[1,\"two\",3.5,null,{\"x\":[]}]", "[1,\"two\",3.5,null,{\"x\":[]}]"),
                Arguments.of("{}", "{}"),
                Arguments.of("0", "0"),
                Arguments.of("-12", "-12"),
                Arguments.of("3.25", "3.25"),
                Arguments.of("12345678901234567890123", "12345678901234567890123"),
                Arguments.of("\"text\"", "\"text\""),
                Arguments.of("\"\"", "\"\""),
                Arguments.of("true", "true"),
                Arguments.of("false", "false"),
                // whitespace inside the payload is dropped: the codec hands over compact JSON text
                Arguments.of("{ \"a\" : [ 1 , 2 ] }", "{\"a\":[1,2]}"));
    }

    @ParameterizedTest(name = "payload {0}")
    @MethodSource("payloads")
    void publishCarriesAnyJsonPayloadAsCompactJsonText(String payload, String expected) {
        ClientFrame.Publish publish = decode(ClientFrame.Publish.class,
                "{\"type\":\"publish\",\"topic\":\"t\",\"client_msg_id\":\"m\",\"payload\":" + payload + "}");
        assertEquals(expected, publish.payload());
        assertEquals(new ClientFrame.Publish("t", expected, "m", true, null), publish);
    }

    @Test
    void publishPayloadStringsKeepTheirValue() {
        ClientFrame.Publish publish = decode(ClientFrame.Publish.class, "{\"type\":\"publish\",\"topic\":\"t\","
                + "\"client_msg_id\":\"m\",\"payload\":{\"s\":\"quote \\\" backslash \\\\ nl \\n \\u00e9\"}}");
        assertEquals("quote \" backslash \\ nl \n \u00e9",
                Json.createReader(new java.io.StringReader(publish.payload())).readObject().getString("s"));
    }

    @Test
    void publishWithModeratelyNestedPayload() {
        String nested = repeat('[', 200) + "1" + repeat(']', 200);
        ClientFrame.Publish publish = decode(ClientFrame.Publish.class,
                "{\"type\":\"publish\",\"topic\":\"t\",\"client_msg_id\":\"m\",\"payload\":" + nested + "}");
        assertEquals(nested, publish.payload());
    }

    @ParameterizedTest(name = "requires_ack {0} -> {1}")
    @CsvSource({"true, true", "false, false", "null, true"})
    void publishRequiresAck(String value, boolean expected) {
        ClientFrame.Publish publish = decode(ClientFrame.Publish.class,
                j("{'type':'publish','topic':'t','client_msg_id':'m','payload':1,'requires_ack':" + value + "}"));
        assertEquals(expected, publish.requiresAck());
    }

    @Test
    void publishRequiresAckDefaultsToTrue() {
        assertTrue(decode(ClientFrame.Publish.class,
                j("{'type':'publish','topic':'t','client_msg_id':'m','payload':1}")).requiresAck());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 64, 127, 128})
    void publishClientMsgIdOfOneTo128Characters(int length) {
        String id = repeat('k', length);
        assertEquals(id, decode(ClientFrame.Publish.class,
                j("{'type':'publish','topic':'t','client_msg_id':'" + id + "','payload':{}}")).clientMsgId());
    }

    @Test
    void publishClientMsgIdMayHoldAnyCharacter() {
        String id = "a b#\u00e9/\u65e5\u672c";
        assertEquals(id, decode(ClientFrame.Publish.class,
                j("{'type':'publish','topic':'t','client_msg_id':'" + id + "','payload':{}}")).clientMsgId());
    }

    // ---------------------------------------------------------------- ping, pong

    @Test
    void pingWithStringTs() {
        ClientFrame.Ping ping = decode(ClientFrame.Ping.class, j("{'type':'ping','ts':'2026-11-22T10:00:00.123Z'}"));
        JsonString ts = assertInstanceOf(JsonString.class, ping.ts());
        assertEquals("2026-11-22T10:00:00.123Z", ts.getString());
        assertEquals("\"2026-11-22T10:00:00.123Z\"", ping.ts().toString());
    }

    @Test
    void pingWithNumberTs() {
        ClientFrame.Ping ping = decode(ClientFrame.Ping.class, j("{'type':'ping','ts':1795346400123}"));
        JsonNumber ts = assertInstanceOf(JsonNumber.class, ping.ts());
        assertEquals(1795346400123L, ts.longValueExact());
        assertEquals("1795346400123", ping.ts().toString());
    }

    @ParameterizedTest(name = "ts {0}")
    @ValueSource(strings = {"0", "1795346400123", "1.50", "-3", "123456789012345678901234567890", "0.000001",
            "\"2026-11-22T10:00:00Z\"", "\"\"", "\"abc \\\"q\\\"\"", "\"\u00e9\""})
    void pingAndPongTsIsEchoedUnchanged(String ts) {
        ClientFrame.Ping ping = decode(ClientFrame.Ping.class, "{\"type\":\"ping\",\"ts\":" + ts + "}");
        assertEquals(ts, ping.ts().toString());
        assertEquals("{\"type\":\"pong\",\"ts\":" + ts + "}", ServerFrames.pong(ping.ts()));
        ClientFrame.Pong pong = decode(ClientFrame.Pong.class, "{\"type\":\"pong\",\"ts\":" + ts + "}");
        assertEquals(ts, pong.ts().toString());
    }

    @Test
    void pingTsWithExponentKeepsItsNumericValue() {
        ClientFrame.Ping ping = decode(ClientFrame.Ping.class, j("{'type':'ping','ts':1.5e3}"));
        assertEquals(0, new BigDecimal("1500").compareTo(((JsonNumber) ping.ts()).bigDecimalValue()));
    }

    @Test
    void pongWithStringAndNumberTs() {
        assertEquals(new ClientFrame.Pong(Json.createValue("x-1")),
                FrameCodec.decode(j("{'type':'pong','ts':'x-1'}")));
        ClientFrame.Pong pong = decode(ClientFrame.Pong.class, j("{'type':'pong','ts':42}"));
        assertEquals(42, ((JsonNumber) pong.ts()).intValueExact());
    }

    // ---------------------------------------------------------------- topics, shape, unknown fields

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "0", ".", "-", ":", "/", "_",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:/-",
            "tenant-1/orders.eu:2026_q4"})
    void acceptedTopics(String topic) {
        assertEquals(new ClientFrame.Unsubscribe(topic, null),
                FrameCodec.decode(j("{'type':'unsubscribe','topic':'" + topic + "'}")));
    }

    @Test
    void topicOf200CharactersIsAccepted() {
        String topic = repeat('t', 200);
        assertEquals(new ClientFrame.Ack(topic, 1L), FrameCodec.decode(j("{'type':'ack','topic':'" + topic + "','seq':1}")));
    }

    static Stream<Arguments> framesWithUnknownFields() {
        return Stream.of(
                Arguments.of("{'type':'subscribe','topic':'t','since':3,'x':1,'nested':{'type':'ack'},'arr':[null]}",
                        new ClientFrame.Subscribe("t", 3L, null, null)),
                Arguments.of("{'zzz':true,'type':'unsubscribe','topic':'t','seq':'not-a-number'}",
                        new ClientFrame.Unsubscribe("t", null)),
                Arguments.of("{'type':'ack','topic':'t','seq':4,'request':'x','since':'bad','payload':[]}",
                        new ClientFrame.Ack("t", 4L)),
                Arguments.of("{'type':'resync','topic':'t','from_seq':2,'to_seq':'ignored','client_msg_id':5}",
                        new ClientFrame.Resync("t", 2L, null)),
                Arguments.of("{'type':'publish','topic':'t','client_msg_id':'m','payload':0,'seq':-5,'extra':{}}",
                        new ClientFrame.Publish("t", "0", "m", true, null)),
                Arguments.of("{'type':'ping','ts':1,'topic':'not a topic!'}", new ClientFrame.Ping(Json.createValue(1))),
                Arguments.of("{'type':'pong','ts':'s','Type':'other'}", new ClientFrame.Pong(Json.createValue("s"))));
    }

    @ParameterizedTest
    @MethodSource("framesWithUnknownFields")
    void unknownFieldsAreIgnored(String frame, ClientFrame expected) {
        ClientFrame decoded = FrameCodec.decode(j(frame));
        if (expected instanceof ClientFrame.Ping || expected instanceof ClientFrame.Pong) {
            assertEquals(expected.getClass(), decoded.getClass());
            assertEquals(expected.toString(), decoded.toString());
        } else {
            assertEquals(expected, decoded);
        }
    }

    @Test
    void whitespaceAroundAndInsideTheFrameIsAllowed() {
        assertEquals(new ClientFrame.Ack("t", 2L),
                FrameCodec.decode(" \n\t{ \"type\" : \"ack\" ,\r\n \"seq\" : 2 , \"topic\" : \"t\" } \n\t "));
    }

    @Test
    void fieldOrderDoesNotMatter() {
        assertEquals(new ClientFrame.Resync("t", 3L, "r"),
                FrameCodec.decode(j("{'request_id':'r','from_seq':3,'topic':'t','type':'resync'}")));
    }

    @Test
    void requestIdOf128CharactersIsAccepted() {
        String id = repeat('r', 128);
        assertEquals(new ClientFrame.Unsubscribe("t", id),
                FrameCodec.decode(j("{'type':'unsubscribe','topic':'t','request_id':'" + id + "'}")));
    }

    // ---------------------------------------------------------------- bad_json

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", " ", "\n\t ", "{", "}", "[", "{\"type\":", "{\"type\":\"ping\",\"ts\":1",
            "{\"type\":\"ping\",\"ts\"", "{\"type\":\"pi", "garbage", "ping", "{type:\"ping\",ts:1}",
            "{'type':'ping','ts':1}", "{\"type\":\"ping\",\"ts\":1,}", "{\"type\":\"ping\",,\"ts\":1}",
            "{\"type\":\"ping\" \"ts\":1}", "{\"type\":\"ping\",\"ts\":NaN}", "{\"type\":\"ping\",\"ts\":Infinity}",
            "{\"type\":\"ack\",\"topic\":\"t\",\"seq\":01}", "{\"type\":\"ack\",\"topic\":\"t\",\"seq\":+1}",
            "{\"type\":\"ack\",\"topic\":\"t\",\"seq\":1.}", "{\"type\":\"ack\",\"topic\":\"t\",\"seq\":.5}",
            "{\"type\":\"ping\",\"ts\":\"unterminated}", "{\"type\":\"ping\",\"ts\":\"bad \\x escape\"}",
            "{\"type\":\"ping\",\"ts\":\"raw\ncontrol\"}", "\uFEFF{\"type\":\"ping\",\"ts\":1}",
            "nul", "tru", "\"unterminated", "[1,2"})
    void textThatIsNotJsonIsBadJson(String text) {
        assertRefused(ErrorCode.BAD_JSON, null, text);
    }

    @Test
    void badJsonHasNoRequestIdEvenWhenTheTextHoldsOne() {
        assertRefused(ErrorCode.BAD_JSON, null, j("{'request_id':'r-1','type':'subscribe','topic':"));
    }

    @Test
    void everyProperPrefixOfAValidFrameIsBadJson() {
        String frame = j("{'type':'publish','topic':'t/1','client_msg_id':'m-1','payload':{'a':[1,2.5,'x',true,null],"
                + "'b':{}},'requires_ack':false,'request_id':'r'}");
        assertEquals(new ClientFrame.Publish("t/1", "{\"a\":[1,2.5,\"x\",true,null],\"b\":{}}", "m-1", false, "r"),
                FrameCodec.decode(frame));
        for (int end = 0; end < frame.length(); end++) {
            assertRefused(ErrorCode.BAD_JSON, null, frame.substring(0, end));
        }
    }

    /**
     * A text frame holds <em>one</em> JSON object (PROTOCOL §2): text after it is not part of any JSON
     * value, so the frame is not JSON.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"{\"type\":\"ping\",\"ts\":1} x", "{\"type\":\"ping\",\"ts\":1}{}",
            "{\"type\":\"ping\",\"ts\":1}}", "{\"type\":\"ping\",\"ts\":1}]", "{\"type\":\"ping\",\"ts\":1},",
            "{\"type\":\"ping\",\"ts\":1}{\"type\":\"ping\",\"ts\":2}", "{\"type\":\"ping\",\"ts\":1} 5"})
    void trailingTextAfterTheObjectIsBadJson(String text) {
        assertRefused(ErrorCode.BAD_JSON, null, text);
    }

    // ---------------------------------------------------------------- deep nesting

    static Stream<String> deeplyNested() {
        int depth = 100_000;
        return Stream.of(
                repeat('[', depth),
                repeat('[', depth) + repeat(']', depth),
                "{\"a\":".repeat(depth),
                "{\"a\":".repeat(depth) + "1" + repeat('}', depth),
                "{\"type\":\"ping\",\"ts\":" + repeat('[', depth) + repeat(']', depth) + "}",
                "{\"type\":\"publish\",\"topic\":\"t\",\"client_msg_id\":\"m\",\"payload\":"
                        + repeat('[', depth) + repeat(']', depth) + "}",
                "{\"type\":\"publish\",\"topic\":\"t\",\"client_msg_id\":\"m\",\"payload\":"
                        + repeat('[', 5_000) + repeat(']', 5_000) + "}",
                "{\"type\":\"subscribe\",\"topic\":\"t\",\"x\":" + "{\"a\":".repeat(depth) + "1" + repeat('}', depth) + "}");
    }

    /** Hostile nesting must end as a refused frame, never as StackOverflowError or another exception. */
    @ParameterizedTest(name = "[{index}]")
    @MethodSource("deeplyNested")
    void deeplyNestedJsonIsAProtocolException(String text) {
        ProtocolException e = refused(text);
        assertTrue(e.code() == ErrorCode.BAD_JSON || e.code() == ErrorCode.BAD_FRAME,
                () -> "code " + e.code() + " for deeply nested input");
        assertNull(e.requestId());
    }

    // ---------------------------------------------------------------- bad_frame: not an object, type

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"null", "true", "false", "0", "-1.5", "\"subscribe\"", "\"\"", "[]",
            "[{\"type\":\"ping\",\"ts\":1}]", " [ ] "})
    void jsonThatIsNotAnObjectIsBadFrame(String text) {
        assertRefused(ErrorCode.BAD_FRAME, null, text);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"{}", "{'topic':'t','seq':1}", "{'type':null}", "{'type':1}", "{'type':true}",
            "{'type':['ping'],'ts':1}", "{'type':{'name':'ping'},'ts':1}", "{'TYPE':'ping','ts':1}"})
    void missingOrNonStringTypeIsBadFrame(String frame) {
        assertRefused(ErrorCode.BAD_FRAME, null, j(frame));
    }

    @Test
    void missingTypeCarriesTheRequestId() {
        assertRefused(ErrorCode.BAD_FRAME, "r-1", j("{'topic':'t','request_id':'r-1'}"));
        assertRefused(ErrorCode.BAD_FRAME, "r-2", j("{'type':7,'topic':'t','request_id':'r-2'}"));
    }

    @ParameterizedTest(name = "type ''{0}''")
    @ValueSource(strings = {"", "hello", "event", "subscribed", "error", "publis", "PING", "Subscribe",
            " subscribe", "subscribe ", "ack\u0000", "\u00e9"})
    void unknownTypeIsUnknownType(String type) {
        assertRefused(ErrorCode.UNKNOWN_TYPE, null,
                Json.createObjectBuilder().add("type", type).add("topic", "t").add("ts", 1).build().toString());
    }

    @Test
    void unknownTypeCarriesTheRequestId() {
        assertRefused(ErrorCode.UNKNOWN_TYPE, "q-9", j("{'type':'fetch','topic':'t','request_id':'q-9'}"));
    }

    @Test
    void unknownTypeWithAVeryLongNameIsStillUnknownType() {
        ProtocolException e = refused(j("{'type':'" + repeat('x', 10_000) + "'}"));
        assertEquals(ErrorCode.UNKNOWN_TYPE, e.code());
        assertTrue(e.getMessage().length() < 200, "the message quotes an abbreviated type: " + e.getMessage().length());
    }

    // ---------------------------------------------------------------- bad_frame: missing or wrong-typed fields

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "{'type':'subscribe'}",
            "{'type':'subscribe','since':1}",
            "{'type':'unsubscribe'}",
            "{'type':'ack','seq':1}",
            "{'type':'ack','topic':'t'}",
            "{'type':'resync','from_seq':1}",
            "{'type':'resync','topic':'t'}",
            "{'type':'publish','client_msg_id':'m','payload':1}",
            "{'type':'publish','topic':'t','payload':1}",
            "{'type':'publish','topic':'t','client_msg_id':'m'}",
            "{'type':'ping'}",
            "{'type':'pong'}"})
    void missingFieldIsBadFrame(String frame) {
        assertRefused(ErrorCode.BAD_FRAME, null, j(frame));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "{'type':'subscribe','topic':null}",
            "{'type':'subscribe','topic':7}",
            "{'type':'subscribe','topic':['t']}",
            "{'type':'subscribe','topic':{'name':'t'}}",
            "{'type':'subscribe','topic':true}",
            "{'type':'subscribe','topic':'t','since':'3'}",
            "{'type':'subscribe','topic':'t','since':true}",
            "{'type':'subscribe','topic':'t','since':[3]}",
            "{'type':'subscribe','topic':'t','epoch':'1'}",
            "{'type':'subscribe','topic':'t','epoch':{}}",
            "{'type':'unsubscribe','topic':null}",
            "{'type':'ack','topic':'t','seq':'1'}",
            "{'type':'ack','topic':'t','seq':null}",
            "{'type':'ack','topic':'t','seq':true}",
            "{'type':'ack','topic':'t','seq':[1]}",
            "{'type':'ack','topic':1,'seq':1}",
            "{'type':'resync','topic':'t','from_seq':'1'}",
            "{'type':'resync','topic':'t','from_seq':null}",
            "{'type':'publish','topic':'t','client_msg_id':7,'payload':1}",
            "{'type':'publish','topic':'t','client_msg_id':null,'payload':1}",
            "{'type':'publish','topic':'t','client_msg_id':['m'],'payload':1}",
            "{'type':'publish','topic':'t','client_msg_id':'m','payload':1,'requires_ack':'true'}",
            "{'type':'publish','topic':'t','client_msg_id':'m','payload':1,'requires_ack':1}",
            "{'type':'publish','topic':'t','client_msg_id':'m','payload':1,'requires_ack':[]}",
            "{'type':'ping','ts':null}",
            "{'type':'ping','ts':true}",
            "{'type':'ping','ts':{}}",
            "{'type':'ping','ts':[1]}",
            "{'type':'pong','ts':null}",
            "{'type':'pong','ts':false}"})
    void wrongTypedFieldIsBadFrame(String frame) {
        assertRefused(ErrorCode.BAD_FRAME, null, j(frame));
    }

    @Test
    void overlongTsIsBadFrame() {
        assertRefused(ErrorCode.BAD_FRAME, null, j("{'type':'ping','ts':'" + repeat('9', 100) + "'}"));
        assertRefused(ErrorCode.BAD_FRAME, null, j("{'type':'pong','ts':" + repeat('9', 100) + "}"));
    }

    // ---------------------------------------------------------------- bad_frame: topics

    static Stream<String> badTopics() {
        return Stream.of("", repeat('t', 201), repeat('t', 10_000), "a b", " a", "a ", "a#b", "#", "a?b", "a*b",
                "a+b", "a@b", "a,b", "a;b", "a=b", "a&b", "a%20b", "a\\\\b", "a|b", "a~b", "a!b", "a'b", "a\\\"b",
                "a\\tb", "a\\nb", "a\\u0000b", "caf\u00e9", "\u00fcber", "\u65e5\u672c", "a\u00a0b", "a\u2028b",
                "\uD83D\uDE00", "\u0130", "\uff41");
    }

    @ParameterizedTest(name = "[{index}] topic \"{0}\"")
    @MethodSource("badTopics")
    void badTopicIsBadFrameWithTheRequestId(String topic) {
        assertRefused(ErrorCode.BAD_FRAME, "s-1",
                "{\"type\":\"subscribe\",\"topic\":\"" + topic + "\",\"request_id\":\"s-1\"}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{'type':'subscribe','topic':'a b'}",
            "{'type':'unsubscribe','topic':'a b'}",
            "{'type':'ack','topic':'a b','seq':1}",
            "{'type':'resync','topic':'a b','from_seq':1}",
            "{'type':'publish','topic':'a b','client_msg_id':'m','payload':1}"})
    void everyFrameWithATopicChecksIt(String frame) {
        assertRefused(ErrorCode.BAD_FRAME, null, j(frame));
    }

    @Test
    void topicOf201CharactersIsBadFrame() {
        assertRefused(ErrorCode.BAD_FRAME, null, j("{'type':'ack','topic':'" + repeat('t', 201) + "','seq':1}"));
    }

    // ---------------------------------------------------------------- bad_frame: client_msg_id, numbers

    @ParameterizedTest
    @ValueSource(ints = {0, 129, 1000})
    void clientMsgIdOutside1To128CharactersIsBadFrame(int length) {
        assertRefused(ErrorCode.BAD_FRAME, "p-1", j("{'type':'publish','topic':'t','client_msg_id':'"
                + repeat('m', length) + "','payload':{},'request_id':'p-1'}"));
    }

    static Stream<String> badNumbers() {
        return Stream.of("-1", "-9007199254740991", "-0.5", "0.5", "1.5", "42.000001", "1e-400", "1e-999999999",
                "1e400", "1E+400", "1e999999999", "9007199254740992", "9007199254740993", "9223372036854775807",
                "9223372036854775808", "18446744073709551616", "123456789012345678901234567890", "-1e400");
    }

    @ParameterizedTest(name = "seq {0}")
    @MethodSource("badNumbers")
    void badSeqIsBadFrame(String seq) {
        assertRefused(ErrorCode.BAD_FRAME, null, "{\"type\":\"ack\",\"topic\":\"t\",\"seq\":" + seq + "}");
    }

    @ParameterizedTest(name = "since {0}")
    @MethodSource("badNumbers")
    void badSinceIsBadFrameWithTheRequestId(String since) {
        assertRefused(ErrorCode.BAD_FRAME, "s-2",
                "{\"type\":\"subscribe\",\"topic\":\"t\",\"since\":" + since + ",\"request_id\":\"s-2\"}");
    }

    @ParameterizedTest(name = "epoch {0}")
    @MethodSource("badNumbers")
    void badEpochIsBadFrame(String epoch) {
        assertRefused(ErrorCode.BAD_FRAME, null, "{\"type\":\"subscribe\",\"topic\":\"t\",\"epoch\":" + epoch + "}");
    }

    @ParameterizedTest(name = "from_seq {0}")
    @MethodSource("badNumbers")
    void badFromSeqIsBadFrameWithTheRequestId(String fromSeq) {
        assertRefused(ErrorCode.BAD_FRAME, "rs",
                "{\"type\":\"resync\",\"topic\":\"t\",\"from_seq\":" + fromSeq + ",\"request_id\":\"rs\"}");
    }

    @ParameterizedTest(name = "from_seq {0}")
    @ValueSource(strings = {"0", "-0", "0.0", "0e5"})
    void fromSeqZeroIsBadFrame(String fromSeq) {
        assertRefused(ErrorCode.BAD_FRAME, "rs",
                "{\"type\":\"resync\",\"topic\":\"t\",\"from_seq\":" + fromSeq + ",\"request_id\":\"rs\"}");
    }

    // ---------------------------------------------------------------- request_id

    @ParameterizedTest(name = "request_id {0}")
    @ValueSource(strings = {"7", "0", "1.5", "true", "false", "[]", "['r']", "{}", "''"})
    void wrongRequestIdIsBadFrameWithoutRequestId(String requestId) {
        assertRefused(ErrorCode.BAD_FRAME, null, j("{'type':'subscribe','topic':'t','request_id':" + requestId + "}"));
        assertRefused(ErrorCode.BAD_FRAME, null, j("{'type':'unsubscribe','topic':'t','request_id':" + requestId + "}"));
        assertRefused(ErrorCode.BAD_FRAME, null,
                j("{'type':'resync','topic':'t','from_seq':1,'request_id':" + requestId + "}"));
        assertRefused(ErrorCode.BAD_FRAME, null,
                j("{'type':'publish','topic':'t','client_msg_id':'m','payload':1,'request_id':" + requestId + "}"));
    }

    /** Ping, pong and ack define no request_id: whatever is there is an unknown field, and ignored. */
    @Test
    void aRequestIdOnAFrameThatDefinesNoneIsIgnored() {
        assertEquals(new ClientFrame.Ack("t", 3), FrameCodec.decode(j("{'type':'ack','topic':'t','seq':3,'request_id':5}")));
        assertTrue(FrameCodec.decode(j("{'type':'ping','ts':1,'request_id':{}}")) instanceof ClientFrame.Ping);
        assertTrue(FrameCodec.decode(j("{'type':'pong','ts':1,'request_id':''}")) instanceof ClientFrame.Pong);
    }

    @Test
    void requestIdOf129CharactersIsBadFrame() {
        assertRefused(ErrorCode.BAD_FRAME, null,
                j("{'type':'subscribe','topic':'t','request_id':'" + repeat('r', 129) + "'}"));
    }

    static Stream<String> refusedFramesWithRequestId() {
        return Stream.of(
                "{'type':'subscribe','request_id':'R'}",
                "{'type':'subscribe','topic':'','request_id':'R'}",
                "{'type':'subscribe','topic':'t','since':-1,'request_id':'R'}",
                "{'type':'subscribe','topic':'t','epoch':1.5,'request_id':'R'}",
                "{'type':'unsubscribe','topic':'#','request_id':'R'}",
                "{'type':'resync','topic':'t','from_seq':0,'request_id':'R'}",
                "{'type':'resync','topic':'t','request_id':'R'}",
                "{'type':'publish','topic':'t','client_msg_id':'','payload':1,'request_id':'R'}",
                "{'type':'publish','topic':'t','client_msg_id':'m','request_id':'R'}",
                "{'type':'publish','topic':'t','client_msg_id':'m','payload':1,'requires_ack':'no','request_id':'R'}",
                "{'request_id':'R','type':'ack','topic':'t','seq':-1}");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("refusedFramesWithRequestId")
    void requestIdIsCarriedIntoTheError(String frame) {
        assertRefused(ErrorCode.BAD_FRAME, "R", j(frame));
    }

    // ---------------------------------------------------------------- the exception itself

    @Test
    void protocolExceptionCarriesCodeMessageAndRequestId() {
        ProtocolException e = new ProtocolException(ErrorCode.FORBIDDEN, "no", "r");
        assertEquals(ErrorCode.FORBIDDEN, e.code());
        assertEquals("no", e.getMessage());
        assertEquals("r", e.requestId());
        assertEquals(0, e.getStackTrace().length, "a refused frame is not worth a stack trace");
    }

    @Test
    void everyRefusalHasAMessage() {
        for (String text : new String[] {"", "[]", "{}", j("{'type':'x'}"), j("{'type':'ack','topic':'t'}")}) {
            String message = refused(text).getMessage();
            assertTrue(message != null && !message.isBlank(), "message for " + text);
        }
    }

    @Test
    void decodedPingTsIsAJsonValueOfTheRightKind() {
        assertEquals(JsonValue.ValueType.STRING,
                decode(ClientFrame.Ping.class, j("{'type':'ping','ts':'a'}")).ts().getValueType());
        assertEquals(JsonValue.ValueType.NUMBER,
                decode(ClientFrame.Ping.class, j("{'type':'ping','ts':1}")).ts().getValueType());
    }
}
