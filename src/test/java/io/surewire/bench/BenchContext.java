package io.surewire.bench;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/** What every scenario works with: the server under load, the generator's connector, the configuration and the report. */
record BenchContext(BenchServer server, WsConnector connector, BenchConfig config, Report report, String runId) {

    /** Fresh topic names for one case. */
    List<String> topics(String caseName, int count) {
        return IntStream.range(0, count).mapToObj(i -> "bench/" + runId + "/" + caseName + "/t" + i).toList();
    }

    /** A client id prefix that no earlier case used (no durable cursor of another case applies to it). */
    String clients(String caseName) {
        return "b" + runId + "-" + caseName.replace('/', '-');
    }

    /** With {@code bench.profile}, a CPU profile of the server until the handle closes; else nothing. */
    AutoCloseable profile(String caseName) throws java.io.IOException, InterruptedException {
        return config.profile() ? server.profile(caseName) : () -> { };
    }

    /** Measures one case {@code config.runs()} times and adds its row (the medians) to the report. */
    void measure(String scenario, String caseName, Supplier<Map<String, Object>> run) throws java.io.IOException {
        measureRows(scenario, () -> Map.of(caseName, run.get()));
    }

    /**
     * Measures cases that are taken together (e.g. Surewire and the raw baseline under the same load)
     * {@code config.runs()} times; {@code run} gives the figures of each case by name, in order.
     */
    void measureRows(String scenario, Supplier<Map<String, Map<String, Object>>> run) throws java.io.IOException {
        List<Map<String, Map<String, Object>>> runs = IntStream.range(0, config.runs()).mapToObj(i -> run.get()).toList();
        for (String caseName : runs.get(0).keySet()) {
            report.add(new Report.Row(scenario, server.db(), caseName, runs.stream().map(r -> r.get(caseName)).toList()));
        }
        report.write();
    }
}
