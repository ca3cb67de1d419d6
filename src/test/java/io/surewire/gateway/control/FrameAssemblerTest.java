package io.surewire.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link FrameAssembler}: the parts of a text frame joined, refused once their UTF-8 length passes the limit. */
class FrameAssemblerTest {

    private static final String EURO = "\u20ac";         // 3 bytes in UTF-8
    private static final String E_ACUTE = "\u00e9";      // 2 bytes
    private static final String GRINNING = "\ud83d\ude00"; // U+1F600, 4 bytes, two chars

    @Test
    void joinsThePartsOfAFrame() {
        FrameAssembler assembler = new FrameAssembler(1024);

        assertTrue(assembler.add("{\"type\":"));
        assertTrue(assembler.add("\"ping\","));
        assertTrue(assembler.add("\"ts\":1}"));

        assertEquals("{\"type\":\"ping\",\"ts\":1}", assembler.take());
    }

    @Test
    void aSinglePartFrame() {
        FrameAssembler assembler = new FrameAssembler(1024);

        assertTrue(assembler.add("{}"));

        assertEquals("{}", assembler.take());
    }

    @Test
    void aFrameInOnePartIsTakenAsItCame() {
        FrameAssembler assembler = new FrameAssembler(1024);
        String frame = "{\"type\":\"ack\",\"topic\":\"orders\",\"seq\":7}";

        assertTrue(assembler.add(frame));

        assertSame(frame, assembler.take(), "not copied");
    }

    @Test
    void framesInOneAndInSeveralPartsInTurn() {
        FrameAssembler assembler = new FrameAssembler(1024);
        assertTrue(assembler.add("one"));
        assertEquals("one", assembler.take());

        assertTrue(assembler.add("tw"));
        assertTrue(assembler.add("o"));
        assertEquals("two", assembler.take());

        assertTrue(assembler.add("three"));
        assertEquals("three", assembler.take());

        assertTrue(assembler.add(""));
        assertTrue(assembler.add("fo"));
        assertTrue(assembler.add(""));
        assertTrue(assembler.add("ur"));
        assertEquals("four", assembler.take());
    }

    @Test
    void takeStartsOver() {
        FrameAssembler assembler = new FrameAssembler(10);
        assertTrue(assembler.add("abcdefghij"));
        assertEquals("abcdefghij", assembler.take());

        // the next frame counts from zero again
        assertTrue(assembler.add("0123456789"));
        assertEquals("0123456789", assembler.take());
        assertEquals("", assembler.take());
    }

    @Test
    void aFrameOfExactlyTheLimitIsAccepted() {
        FrameAssembler assembler = new FrameAssembler(8);

        assertTrue(assembler.add("1234"));
        assertTrue(assembler.add("5678"));

        assertEquals("12345678", assembler.take());
    }

    @Test
    void oneByteOverTheLimitIsRefused() {
        FrameAssembler assembler = new FrameAssembler(8);

        assertTrue(assembler.add("1234"));
        assertFalse(assembler.add("56789"));
    }

    @Test
    void theLimitCountsUtf8BytesNotChars() {
        // 3 + 3 = 6 bytes in 2 chars
        FrameAssembler assembler = new FrameAssembler(6);
        assertTrue(assembler.add(EURO));
        assertTrue(assembler.add(EURO));
        assertFalse(assembler.add("a"), "7 bytes over a limit of 6");

        FrameAssembler twoByte = new FrameAssembler(3);
        assertTrue(twoByte.add("a" + E_ACUTE));
        assertFalse(twoByte.add(E_ACUTE));
    }

    @Test
    void aSurrogatePairCountsFourBytes() {
        FrameAssembler assembler = new FrameAssembler(4);
        assertTrue(assembler.add(GRINNING));
        assertEquals(GRINNING, assembler.take());

        FrameAssembler tooSmall = new FrameAssembler(3);
        assertFalse(tooSmall.add(GRINNING));
    }

    /**
     * A character outside the BMP may arrive as its two surrogates in two parts; the frame is still
     * 4 bytes of UTF-8, so it fits a 4-byte limit.
     */
    @Test
    void aSurrogatePairSplitBetweenPartsStillCountsFourBytes() {
        FrameAssembler assembler = new FrameAssembler(4);

        assertTrue(assembler.add(GRINNING.substring(0, 1)));
        assertTrue(assembler.add(GRINNING.substring(1)), "the pair is 4 bytes, not 4 + 3");
        assertEquals(GRINNING, assembler.take());
    }

    @Test
    void aRefusedFrameIsDropped() {
        FrameAssembler assembler = new FrameAssembler(5);
        assertTrue(assembler.add("abc"));

        assertFalse(assembler.add("def"));

        assertEquals("", assembler.take(), "what was gathered is dropped");
        assertTrue(assembler.add("12345"), "the next frame starts from zero");
        assertEquals("12345", assembler.take());
    }

    @Test
    void theRestOfARefusedFrameIsRefusedToo() {
        FrameAssembler assembler = new FrameAssembler(5);
        assertFalse(assembler.add("abcdef"));

        assertFalse(assembler.add("g"), "parts of the oversized frame that arrive after the refusal");
    }

    @Test
    void aLargeFrameAtTheLimitIsAcceptedInManyParts() {
        int limit = 64 * 1024;
        FrameAssembler assembler = new FrameAssembler(limit);
        String part = "x".repeat(1024);
        for (int i = 0; i < 64; i++) {
            assertTrue(assembler.add(part), "part " + i);
        }
        assertEquals(limit, assembler.take().length());

        for (int i = 0; i < 64; i++) {
            assertTrue(assembler.add(part));
        }
        assertFalse(assembler.add("x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain ascii", "caf\u00e9", "\u20ac100", "\ud83d\ude00 smile", "\u0000\u007f\u0080\u07ff\u0800\uffff",
            "mixed \u00e9\u20ac\ud83d\ude00\ud83c\udf89 end", "\ud7ff\ue000"})
    void utf8LengthMatchesTheEncoder(String text) {
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, FrameAssembler.utf8Length(text));
    }
}
