package io.surewire.jobs.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ReportFile}: a new file starts with its header; a restart continues from the last checkpoint. */
class ReportFileTest {

    @TempDir
    Path dir;

    @Test
    void aNewReportStartsWithItsHeader() throws IOException {
        Path file = dir.resolve("reports").resolve("r-1.csv");
        try (ReportFile report = ReportFile.open(file, "h\r\n", null)) {
            report.append("a\r\n");
            assertEquals(new ReportPosition(file.toString(), 6), report.position());
        }
        assertEquals("h\r\na\r\n", Files.readString(file));
    }

    @Test
    void aRestartTakesTheFileOverAndDropsWhatTheLastChunkWroteWithoutCommitting() throws IOException {
        Path first = dir.resolve("r-1.csv");
        ReportPosition committed;
        try (ReportFile report = ReportFile.open(first, "h\r\n", null)) {
            report.append("a\r\n");
            committed = report.position();
            report.append("b\r\n");     // a chunk that did not commit
        }

        Path second = dir.resolve("r-2.csv");
        try (ReportFile report = ReportFile.open(second, "h\r\n", committed)) {
            report.append("b\r\nc\r\n");
        }

        assertEquals("h\r\na\r\nb\r\nc\r\n", Files.readString(second));
        assertFalse(Files.exists(first), "the file moved to the execution that finishes it");
    }

    @Test
    void textIsWrittenAsUtf8() throws IOException {
        Path file = dir.resolve("r.csv");
        try (ReportFile report = ReportFile.open(file, "", null)) {
            report.append("é€");
            assertEquals(5, report.position().length());
        }
        assertEquals("é€", new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }
}
