package io.surewire.jobs.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Csv}: RFC 4180 records, quoted only where a field needs it. */
class CsvTest {

    @Test
    void plainFieldsAreSeparatedByCommasAndTheRecordEndsWithCrlf() {
        assertEquals("a,b c,1\r\n", Csv.record(List.of("a", "b c", "1")));
    }

    @Test
    void aFieldWithACommaAQuoteOrALineBreakIsQuotedWithItsQuotesDoubled() {
        assertEquals("\"a,b\"\r\n", Csv.record(List.of("a,b")));
        assertEquals("\"say \"\"hi\"\"\"\r\n", Csv.record(List.of("say \"hi\"")));
        assertEquals("\"one\ntwo\",\"one\r\ntwo\",\"cr\rx\"\r\n", Csv.record(List.of("one\ntwo", "one\r\ntwo", "cr\rx")));
    }

    @Test
    void emptyFieldsStayEmpty() {
        assertEquals(",,\r\n", Csv.record(List.of("", "", "")));
    }
}
