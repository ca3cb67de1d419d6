package io.surewire.protocol;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.math.BigDecimal;

/**
 * Decodes the frames clients send (PROTOCOL §2). Whatever the text, {@link #decode} returns a valid
 * {@link ClientFrame} or throws {@link ProtocolException} with the error code the server answers:
 * {@code bad_json} for text that is not JSON, {@code bad_frame} for JSON of the wrong shape,
 * {@code unknown_type} for a type the protocol does not define. Unknown fields are ignored.
 */
public final class FrameCodec {

    /** The largest seq, since or epoch accepted: the largest integer a JavaScript number holds exactly. */
    public static final long MAX_NUMBER = (1L << 53) - 1;

    /** The longest {@code ts} a ping or pong may carry, as a string or as a number's digits. */
    public static final int MAX_TS_LENGTH = 64;

    private static final BigDecimal MAX = BigDecimal.valueOf(MAX_NUMBER);

    private FrameCodec() {
    }

    public static ClientFrame decode(String text) {
        ClientFrame.Ack ack = compactAck(text);
        return ack != null ? ack : parsed(text);
    }

    /** {@link #decode} by the JSON parser, whatever the text. */
    static ClientFrame parsed(String text) {
        JsonObject frame = parseObject(text);
        String requestId = carriedRequestId(frame);
        JsonValue type = frame.get("type");
        if (!(type instanceof JsonString typeName)) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a frame needs a string field 'type'", requestId);
        }
        Fields fields = new Fields(frame, requestId);
        return switch (typeName.getString()) {
            case "subscribe" -> new ClientFrame.Subscribe(fields.topic(), fields.optionalNumber("since"),
                    fields.optionalNumber("epoch"), fields.requestId());
            case "unsubscribe" -> new ClientFrame.Unsubscribe(fields.topic(), fields.requestId());
            case "ack" -> new ClientFrame.Ack(fields.topic(), fields.number("seq"));
            case "resync" -> new ClientFrame.Resync(fields.topic(), fields.positiveNumber("from_seq"), fields.requestId());
            case "publish" -> new ClientFrame.Publish(fields.topic(), fields.payload(), fields.clientMsgId(),
                    fields.optionalBoolean("requires_ack", true), fields.requestId());
            case "ping" -> new ClientFrame.Ping(fields.timestamp());
            case "pong" -> new ClientFrame.Pong(fields.timestamp());
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                    "unknown frame type '" + abbreviate(typeName.getString()) + "'", requestId);
        };
    }

    private static final String ACK_START = "{\"type\":\"ack\",\"topic\":\"";
    private static final String ACK_SEQ = "\",\"seq\":";
    /** Digits of {@link #MAX_NUMBER}: a longer number is past it. */
    private static final int MAX_DIGITS = String.valueOf(MAX_NUMBER).length();

    /**
     * The ack in the one compact form the clients send, {@code {"type":"ack","topic":"T","seq":N}} with
     * nothing else, a valid topic and a seq within range, read without a JSON parser: a client may send
     * thousands a second. {@code null} for any other text, which {@link #decode} then parses in full;
     * for text in this form the full parse finds the same ack.
     */
    static ClientFrame.Ack compactAck(String text) {
        int length = text.length();
        if (!text.startsWith(ACK_START) || text.charAt(length - 1) != '}') {
            return null;
        }
        int topicEnd = text.indexOf('"', ACK_START.length());
        if (topicEnd < 0 || !text.startsWith(ACK_SEQ, topicEnd)) {
            return null;
        }
        String topic = text.substring(ACK_START.length(), topicEnd);
        int digits = topicEnd + ACK_SEQ.length();
        int count = length - 1 - digits;
        if (!Names.isTopic(topic) || count < 1 || count > MAX_DIGITS || (text.charAt(digits) == '0' && count > 1)) {
            return null;
        }
        long seq = 0;
        for (int i = digits; i < length - 1; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            seq = seq * 10 + (c - '0');
        }
        return seq <= MAX_NUMBER ? new ClientFrame.Ack(topic, seq) : null;
    }

    /**
     * A payload given outside a frame (an HTTP body, a JMS message): any one JSON value, returned as
     * compact JSON text; {@code bad_json} when it is not one.
     */
    public static String payload(String text) {
        return value(text).toString();
    }

    /** Any one JSON value, parsed with the same guards as a frame; {@code bad_json} when it is not one. */
    public static JsonValue value(String text) {
        return parse(text);
    }

    private static JsonObject parseObject(String text) {
        JsonValue value = parse(text);
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a frame is a JSON object, not " + kind(value), null);
        }
        return value.asJsonObject();
    }

    /** One JSON value and nothing after it; the parser's depth limit guards against deep nesting. */
    private static JsonValue parse(String text) {
        JsonValue value;
        try (JsonParser parser = JsonBuilders.PROVIDER.createParser(new StringReader(text))) {
            parser.next();
            value = parser.getValue();
            if (parser.hasNext()) {
                throw new ProtocolException(ErrorCode.BAD_JSON, "not JSON: text after the end of the frame's value", null);
            }
        } catch (ProtocolException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "not JSON: " + abbreviate(String.valueOf(e.getMessage())), null);
        }
        return value;
    }

    /** The frame's request id when it is a usable one, to answer an error with; {@code null} otherwise. */
    private static String carriedRequestId(JsonObject frame) {
        JsonValue id = frame.get("request_id");
        return id instanceof JsonString s && isRequestId(s.getString()) ? s.getString() : null;
    }

    private static boolean isRequestId(String id) {
        return !id.isEmpty() && id.length() <= Names.MAX_REQUEST_ID_LENGTH;
    }

    /** The fields of one frame, each read and validated with the request id at hand for the error. */
    private record Fields(JsonObject frame, String carriedId) {

        /** The optional {@code request_id} of the frames that define one: absent, or 1-128 characters. */
        String requestId() {
            JsonValue id = frame.get("request_id");
            if (id == null || id == JsonValue.NULL) {
                return null;
            }
            if (id instanceof JsonString s && isRequestId(s.getString())) {
                return s.getString();
            }
            throw bad("'request_id' must be a string of 1-" + Names.MAX_REQUEST_ID_LENGTH + " characters");
        }

        String topic() {
            String topic = string("topic");
            if (!Names.isTopic(topic)) {
                throw bad("'topic' must be " + Names.TOPIC_RULE);
            }
            return topic;
        }

        String clientMsgId() {
            String id = string("client_msg_id");
            if (!Names.isClientMsgId(id)) {
                throw bad("'client_msg_id' must be 1-" + Names.MAX_CLIENT_MSG_ID_LENGTH + " characters");
            }
            return id;
        }

        String payload() {
            JsonValue payload = frame.get("payload");
            if (payload == null) {
                throw bad("missing field 'payload'");
            }
            return payload.toString();
        }

        JsonValue timestamp() {
            JsonValue ts = frame.get("ts");
            if (ts == null) {
                throw bad("missing field 'ts'");
            }
            if (ts.getValueType() != JsonValue.ValueType.STRING && ts.getValueType() != JsonValue.ValueType.NUMBER) {
                throw bad("'ts' must be a string or a number");
            }
            String written = ts instanceof JsonString s ? s.getString() : ts.toString();
            if (written.length() > MAX_TS_LENGTH) {
                throw bad("'ts' is longer than " + MAX_TS_LENGTH + " characters");
            }
            return ts;
        }

        String string(String name) {
            JsonValue value = frame.get(name);
            if (value == null) {
                throw bad("missing field '" + name + "'");
            }
            if (!(value instanceof JsonString s)) {
                throw bad("'" + name + "' must be a string, not " + kind(value));
            }
            return s.getString();
        }

        long number(String name) {
            JsonValue value = frame.get(name);
            if (value == null) {
                throw bad("missing field '" + name + "'");
            }
            return integer(name, value);
        }

        long positiveNumber(String name) {
            long n = number(name);
            if (n < 1) {
                throw bad("'" + name + "' must be at least 1");
            }
            return n;
        }

        Long optionalNumber(String name) {
            JsonValue value = frame.get(name);
            return value == null || value == JsonValue.NULL ? null : integer(name, value);
        }

        boolean optionalBoolean(String name, boolean absent) {
            JsonValue value = frame.get(name);
            if (value == null || value == JsonValue.NULL) {
                return absent;
            }
            if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
                return value == JsonValue.TRUE;
            }
            throw bad("'" + name + "' must be true or false, not " + kind(value));
        }

        private long integer(String name, JsonValue value) {
            if (!(value instanceof JsonNumber number)) {
                throw bad("'" + name + "' must be a number, not " + kind(value));
            }
            BigDecimal decimal = number.bigDecimalValue();
            if (decimal.signum() < 0 || decimal.compareTo(MAX) > 0) {
                throw bad("'" + name + "' must be between 0 and " + MAX_NUMBER);
            }
            try {
                return decimal.longValueExact();
            } catch (ArithmeticException e) {
                throw bad("'" + name + "' must be a whole number");
            }
        }

        private ProtocolException bad(String message) {
            return new ProtocolException(ErrorCode.BAD_FRAME, message, carriedId);
        }
    }

    private static String kind(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case TRUE, FALSE -> "a boolean";
            case NULL -> "null";
        };
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
