package io.surewire.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of processes from {@code /proc/<pid>/stat} (utime + stime, in clock ticks of 1/100 s):
 * the server's JVM, every PostgreSQL process (the database works for the server, so its CPU counts
 * as the server's), and this generator itself.
 */
final class ProcCpu {

    /** Clock ticks per second of {@code /proc} times ({@code getconf CLK_TCK}: 100 on Linux). */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcCpu() {
    }

    /** utime + stime of one process, in seconds; 0 when it is gone. */
    static double seconds(long pid) {
        long[] fields = fields(pid);
        return fields == null ? 0 : (fields[1] + fields[2]) / TICKS_PER_SECOND;
    }

    static double self() {
        return seconds(ProcessHandle.current().pid());
    }

    /** cutime + cstime of this JVM: the CPU of the child processes it waited for (pgbench), in seconds. */
    static double children() {
        long[] fields = fields(ProcessHandle.current().pid());
        return fields == null ? 0 : (fields[3] + fields[4]) / TICKS_PER_SECOND;
    }

    /**
     * Every PostgreSQL process's utime + stime, plus what the ones that already ended left in their
     * parent's (the postmaster's) cutime + cstime, in seconds.
     */
    static double postgres() {
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                String comm = comm(pid);
                if (!"postgres".equals(comm)) {
                    continue;
                }
                long[] fields = fields(pid);
                if (fields == null) {
                    continue;
                }
                ticks += fields[1] + fields[2];
                if (!"postgres".equals(comm(fields[0]))) {
                    ticks += fields[3] + fields[4];
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /**
     * utime + stime of the JIT compiler threads of a JVM ({@code C1 CompilerThread…}, {@code C2
     * CompilerThread…} in {@code /proc/<pid>/task}), in seconds: the warm-up runs until they go quiet.
     */
    static double compilerThreads(long pid) {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String comm = read(task.resolve("comm"));
                if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                    long[] fields = parse(read(task.resolve("stat")));
                    ticks += fields == null ? 0 : fields[1] + fields[2];
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks / TICKS_PER_SECOND;
    }

    private static String comm(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "comm"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** ppid, utime, stime, cutime, cstime; null when the process is gone. */
    private static long[] fields(long pid) {
        return parse(read(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** The fields of {@link #fields} from the text of a {@code stat} file; null when it is empty (gone). */
    private static long[] parse(String stat) {
        if (stat.isEmpty()) {
            return null;
        }
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // rest[0] is field 3 (state): field n is rest[n - 3]
        return new long[] {Long.parseLong(rest[1]), Long.parseLong(rest[11]), Long.parseLong(rest[12]),
                Long.parseLong(rest[13]), Long.parseLong(rest[14])};
    }
}
