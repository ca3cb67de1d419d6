package io.surewire.protocol;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.surewire.publish.control.JmsPublication;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Whatever text arrives, the codec answers with a frame or with its own {@link ProtocolException},
 * never with anything else: random text, random JSON, and valid frames mutated byte by byte.
 */
class FrameCodecPropertiesTest {

    private static final List<String> VALID = List.of(
            "{\"type\":\"subscribe\",\"topic\":\"a/b\",\"since\":3,\"epoch\":17,\"request_id\":\"r\"}",
            "{\"type\":\"unsubscribe\",\"topic\":\"a\"}",
            "{\"type\":\"ack\",\"topic\":\"a\",\"seq\":9}",
            "{\"type\":\"resync\",\"topic\":\"a\",\"from_seq\":2,\"request_id\":\"g\"}",
            "{\"type\":\"publish\",\"topic\":\"t\",\"payload\":{\"x\":[1,2,{\"y\":null}]},\"client_msg_id\":\"m\"}",
            "{\"type\":\"ping\",\"ts\":1700000000000}",
            "{\"type\":\"pong\",\"ts\":\"2026-11-22T10:00:00.000Z\"}");

    @Property(tries = 3000)
    void anyTextDecodesOrIsRefusedByTheCodec(@ForAll String text) {
        decodeOrRefuse(text);
    }

    @Property(tries = 3000)
    void anyJsonLikeTextDecodesOrIsRefusedByTheCodec(@ForAll("jsonish") String text) {
        decodeOrRefuse(text);
    }

    @Property(tries = 5000)
    void mutatedValidFramesDecodeOrAreRefusedByTheCodec(@ForAll("mutated") String text) {
        decodeOrRefuse(text);
    }

    @Property(tries = 2000)
    void jmsMessagesParseOrAreRefusedAsPoison(@ForAll("mutated") String text) {
        try {
            assertNotNull(JmsPublication.parse(text.replace("\"type\"", "\"topic\"")));
        } catch (IllegalArgumentException poison) {
            assertNotNull(poison.getMessage());
        }
    }

    private static void decodeOrRefuse(String text) {
        try {
            assertNotNull(FrameCodec.decode(text));
        } catch (ProtocolException refused) {
            assertNotNull(refused.code());
            assertNotNull(refused.getMessage());
        }
    }

    /** Text made of JSON's own pieces, nested at random. */
    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> atoms = Arbitraries.oneOf(
                Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "false", "-", "e", ".",
                        "\"type\"", "\"subscribe\"", "\"topic\"", "\"seq\"", "\"since\"", "\"payload\"", "\"ts\""),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.strings().ofMaxLength(8).map(s -> "\"" + s + "\""));
        return atoms.list().ofMaxSize(60).map(parts -> String.join("", parts));
    }

    /** A valid frame with bytes replaced, inserted, deleted, doubled or cut. */
    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<String> frame = Arbitraries.of(VALID);
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 6);
        Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
        Arbitrary<Character> with = Arbitraries.chars().with('{', '}', '"', ':', ',', '[', ']', '9', '-', 'e', '\\', '\u0000',
                '\uD800', '\uFFFF', 'é');
        return Combinators.combine(frame, kind, where, with).as(Tuple::of).list().ofMinSize(1).ofMaxSize(4)
                .map(edits -> {
                    String text = edits.get(0).get1();
                    for (var edit : edits) {
                        text = mutate(text, edit.get2(), edit.get3(), edit.get4());
                    }
                    return text;
                });
    }

    private static String mutate(String text, int kind, double where, char with) {
        if (text.isEmpty()) {
            return String.valueOf(with);
        }
        int at = (int) Math.min(text.length() - 1, Math.max(0, Math.floor(where * text.length())));
        return switch (kind) {
            case 0 -> text.substring(0, at) + with + text.substring(Math.min(text.length(), at + 1));
            case 1 -> text.substring(0, at) + with + text.substring(at);
            case 2 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1));
            case 3 -> text.substring(0, at);
            case 4 -> text + text.substring(at);
            case 5 -> text.replace("9", "9".repeat(400)).replace("3", "1e999999999");
            default -> "[".repeat(at * 40) + text + "]".repeat(at * 40);
        };
    }
}
