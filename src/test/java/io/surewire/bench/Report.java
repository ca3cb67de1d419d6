package io.surewire.bench;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The figures of a benchmark run: one row per scenario, database and case, each figure the median
 * of the runs (every run kept beside it), written as {@code target/bench/results.json} and
 * {@code target/bench/results.md}.
 */
final class Report {

    static final Path DIRECTORY = Path.of("target", "bench");

    /** One measured case; {@code runs} holds the figures of each run, in the order they were measured. */
    record Row(String scenario, String db, String name, List<Map<String, Object>> runs) {

        /** The median of each numeric figure over the runs; other figures as the runs gave them. */
        Map<String, Object> median() {
            Map<String, Object> median = new LinkedHashMap<>();
            for (String key : runs.get(0).keySet()) {
                List<Object> values = runs.stream().map(r -> r.get(key)).toList();
                if (values.stream().allMatch(v -> v instanceof Number)) {
                    double[] sorted = values.stream().mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
                    int n = sorted.length;
                    double m = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
                    if (values.get(0) instanceof Double || n % 2 == 0) {
                        median.put(key, round(m));
                    } else {
                        median.put(key, (long) m);
                    }
                } else {
                    median.put(key, values.stream().map(String::valueOf).distinct().collect(Collectors.joining(" / ")));
                }
            }
            return median;
        }
    }

    private final BenchConfig config;
    private final Instant started = Instant.now();
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> notes = new LinkedHashMap<>();

    Report(BenchConfig config) {
        this.config = config;
    }

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized void note(String key, String value) {
        notes.put(key, value);
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    synchronized JsonObject toJson() {
        JsonArrayBuilder results = Json.createArrayBuilder();
        for (Row row : rows) {
            JsonArrayBuilder runs = Json.createArrayBuilder();
            row.runs().forEach(r -> runs.add(figures(r)));
            results.add(Json.createObjectBuilder().add("scenario", row.scenario()).add("db", row.db())
                    .add("case", row.name()).add("runs", row.runs().size())
                    .add("median", figures(row.median())).add("per_run", runs));
        }
        JsonObjectBuilder meta = Json.createObjectBuilder();
        notes.forEach(meta::add);
        return Json.createObjectBuilder()
                .add("started", started.toString())
                .add("finished", Instant.now().toString())
                .add("scale", config.scale())
                .add("runs_per_case", config.runs())
                .add("steady_seconds", config.duration().toSeconds())
                .add("cores", Runtime.getRuntime().availableProcessors())
                .add("server_jvm_args", config.serverJvmArgs())
                .add("notes", meta)
                .add("results", results)
                .build();
    }

    private static JsonObjectBuilder figures(Map<String, Object> figures) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        figures.forEach((key, value) -> {
            if (value instanceof Long || value instanceof Integer) {
                json.add(key, ((Number) value).longValue());
            } else if (value instanceof Number number) {
                json.add(key, round(number.doubleValue()));
            } else {
                json.add(key, String.valueOf(value));
            }
        });
        return json;
    }

    /** A table per scenario: one line per database and case, the medians. */
    synchronized String toMarkdown() {
        StringBuilder md = new StringBuilder("# Surewire benchmark results\n\n");
        md.append("Scale ").append(config.scale()).append(", median of ").append(config.runs()).append(" run(s), ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, server JVM `")
                .append(config.serverJvmArgs()).append("`, started ").append(started).append(".\n");
        notes.forEach((key, value) -> md.append("\n- ").append(key).append(": ").append(value));
        md.append('\n');
        Map<String, List<Row>> byScenario = new LinkedHashMap<>();
        rows.forEach(row -> byScenario.computeIfAbsent(row.scenario(), s -> new ArrayList<>()).add(row));
        byScenario.forEach((scenario, scenarioRows) -> {
            Set<String> columns = new LinkedHashSet<>();
            scenarioRows.forEach(row -> columns.addAll(row.median().keySet()));
            md.append("\n## ").append(scenario).append("\n\n| db | case | ").append(String.join(" | ", columns)).append(" |\n|---|---|");
            columns.forEach(c -> md.append("---|"));
            md.append('\n');
            for (Row row : scenarioRows) {
                Map<String, Object> median = row.median();
                md.append("| ").append(row.db()).append(" | ").append(row.name()).append(" | ");
                for (String column : columns) {
                    Object value = median.get(column);
                    md.append(value == null ? "" : value instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : value)
                            .append(" | ");
                }
                md.setLength(md.length() - 1);
                md.append('\n');
            }
        });
        return md.toString();
    }

    /** Writes both files (again: the report is written after each scenario, so a failed run leaves what it measured). */
    synchronized void write() throws IOException {
        Files.createDirectories(DIRECTORY);
        StringWriter json = new StringWriter();
        JsonWriterFactory writers = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
        writers.createWriter(json).write(toJson());
        Files.writeString(DIRECTORY.resolve("results.json"), json.toString());
        Files.writeString(DIRECTORY.resolve("results.md"), toMarkdown());
    }
}
