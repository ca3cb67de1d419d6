package io.surewire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link FrameCodec#compactAck}, the reading of an ack without the JSON parser, never answers
 * otherwise than the parser would: for every text it takes, the full parse ({@link FrameCodec#parsed})
 * finds the same ack; what it does not take goes to the parser. Tried with acks in the clients' form
 * and with acks edited once (a character changed, inserted or removed), which are mostly not in that
 * form and must be left to the parser, or answered as the parser does.
 *
 * <p><b>Bounds.</b> Topics of 1-{@value #MAX_TOPIC} characters (past the 200 a topic may have), seqs up to
 * a little past {@link FrameCodec#MAX_NUMBER}, written plainly or with a sign, a leading zero, a fraction or
 * an exponent that JSON allows or refuses; one edit per try: no text tried is longer than about 300
 * characters.
 */
class CompactAckPropertiesTest {

    private static final int MAX_TOPIC = Names.MAX_TOPIC_LENGTH + 10;
    private static final String TOPIC_CHARS = "abcXYZ019._:/-";
    private static final String EDIT_CHARS = "\"\\{}[],: 0123456789-+.eEaZ\u00e9\u20ac";

    @Provide
    Arbitrary<String> acks() {
        Arbitrary<String> topics = Arbitraries.strings().withChars(TOPIC_CHARS.toCharArray()).ofMinLength(1).ofMaxLength(MAX_TOPIC);
        Arbitrary<Long> seqs = Arbitraries.oneOf(Arbitraries.longs().between(0, 1_000),
                Arbitraries.longs().between(0, FrameCodec.MAX_NUMBER + 1_000));
        Arbitrary<String> written = Combinators.combine(seqs, Arbitraries.of("", "", "", "0", "00", "-", "+", " "),
                Arbitraries.of("", "", "", ".0", "e0", " ", "0")).as((seq, before, after) -> before + seq + after);
        return Combinators.combine(topics, written).as((topic, seq) -> "{\"type\":\"ack\",\"topic\":\"" + topic + "\",\"seq\":" + seq + "}");
    }

    @Provide
    Arbitrary<String> editedAcks() {
        return Combinators.combine(acks(), Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 400),
                Arbitraries.of(EDIT_CHARS.chars().mapToObj(c -> (char) c).toList())).as((ack, kind, at, c) -> {
                    int i = at % (ack.length() + 1);
                    return switch (kind) {
                        case 0 -> ack.substring(0, i) + c + ack.substring(i);
                        case 1 -> i < ack.length() ? ack.substring(0, i) + ack.substring(i + 1) : ack;
                        default -> i < ack.length() ? ack.substring(0, i) + c + ack.substring(i + 1) : ack;
                    };
                });
    }

    @Property(tries = 2000)
    void anAckInTheClientsFormIsTakenAsTheParserReadsIt(@ForAll("acks") String text) {
        ClientFrame.Ack compact = FrameCodec.compactAck(text);
        ClientFrame parsed = parsedOrNull(text);
        if (parsed instanceof ClientFrame.Ack && text.matches(".*\"seq\":(0|[1-9][0-9]*)}")) {
            assertNotNull(compact, "a valid ack in the clients' form is read without the parser: " + text);
        }
        if (compact != null) {
            assertEquals(parsed, compact, text);
        }
    }

    @Property(tries = 3000)
    void anEditedAckIsLeftToTheParserOrReadAsItWould(@ForAll("editedAcks") String text) {
        ClientFrame.Ack compact = FrameCodec.compactAck(text);
        if (compact != null) {
            assertEquals(parsedOrNull(text), compact, text);
        }
    }

    /** The parser's frame, or {@code null} when it refuses the text. */
    private static ClientFrame parsedOrNull(String text) {
        try {
            return FrameCodec.parsed(text);
        } catch (ProtocolException refused) {
            return null;
        }
    }
}
