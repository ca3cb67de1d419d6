package io.surewire.jobs.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A report file being written by a job execution, as UTF-8 text. It starts with its header, or, for
 * an execution that restarts a stopped or failed one, from that one's {@link ReportPosition}: the
 * earlier file is taken over under the new name and cut back to the length it had at the last
 * committed chunk, so what an uncommitted chunk wrote is dropped and written again.
 */
public final class ReportFile implements AutoCloseable {

    private final Path file;
    private final FileChannel out;

    private ReportFile(Path file, FileChannel out) {
        this.file = file;
        this.out = out;
    }

    /** Opens {@code file}: a new one holding {@code header}, or the continuation of {@code written} when there is one. */
    public static ReportFile open(Path file, String header, ReportPosition written) throws IOException {
        Files.createDirectories(file.getParent());
        if (written == null) {
            ReportFile report = new ReportFile(file, FileChannel.open(file, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
            report.append(header);
            return report;
        }
        Path earlier = Path.of(written.file());
        if (!earlier.equals(file)) {
            Files.move(earlier, file, StandardCopyOption.REPLACE_EXISTING);
        }
        FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE);
        out.truncate(written.length());
        out.position(written.length());
        return new ReportFile(file, out);
    }

    public void append(String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    /** Forces what was appended to the disk and says how far the file goes: the checkpoint of a chunk. */
    public ReportPosition position() throws IOException {
        out.force(false);
        return new ReportPosition(file.toString(), out.position());
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
