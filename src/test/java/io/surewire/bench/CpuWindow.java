package io.surewire.bench;

import java.util.Map;

/**
 * The CPU the server (WildFly's JVM, plus PostgreSQL when on it) and this generator used between
 * {@link #start} and {@link #put}, beside the wall-clock time.
 */
final class CpuWindow {

    private final BenchServer server;
    private final long startNanos = System.nanoTime();
    private final double jvm;
    private final double database;
    private final double jit;
    private final double generator;

    private CpuWindow(BenchServer server) {
        this.server = server;
        this.jvm = server.jvmCpuSeconds();
        this.database = server.databaseCpuSeconds();
        this.jit = server.jitCpuSeconds();
        this.generator = ProcCpu.self();
    }

    static CpuWindow start(BenchServer server) {
        return new CpuWindow(server);
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** CPU seconds of the server so far (JVM + database). */
    double serverSeconds() {
        return server.jvmCpuSeconds() - jvm + server.databaseCpuSeconds() - database;
    }

    /** Cores the server's JIT compiler threads used so far (part of the server's CPU). */
    double jitCores() {
        return (server.jitCpuSeconds() - jit) / elapsedSeconds();
    }

    /**
     * Puts wall time, server CPU (seconds and cores, JVM and database apart, and the JIT's share of the
     * JVM's) and generator CPU into {@code figures}.
     */
    void put(Map<String, Object> figures) {
        double elapsed = elapsedSeconds();
        double jvmNow = server.jvmCpuSeconds() - jvm;
        double dbNow = server.databaseCpuSeconds() - database;
        double generatorNow = ProcCpu.self() - generator;
        figures.put("wall_s", elapsed);
        figures.put("server_cpu_s", jvmNow + dbNow);
        figures.put("server_cores", (jvmNow + dbNow) / elapsed);
        figures.put("db_cpu_s", dbNow);
        figures.put("jit_cores", jitCores());
        figures.put("generator_cpu_s", generatorNow);
        figures.put("generator_cores", generatorNow / elapsed);
    }
}
