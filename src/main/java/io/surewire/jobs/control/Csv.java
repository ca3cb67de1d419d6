package io.surewire.jobs.control;

import java.util.List;
import java.util.stream.Collectors;

/**
 * CSV as RFC 4180 writes it: fields separated by commas, records ended by CRLF; a field that holds a
 * comma, a double quote, a CR or an LF is enclosed in double quotes, with each double quote doubled.
 */
public final class Csv {

    private static final String CRLF = "\r\n";

    private Csv() {
    }

    /** One record, with its CRLF. */
    public static String record(List<String> fields) {
        return fields.stream().map(Csv::field).collect(Collectors.joining(",", "", CRLF));
    }

    static String field(String value) {
        if (value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
