package io.surewire.bench;

import io.surewire.it.Deployments;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one benchmark run does, from system properties the build passes in (see docs/benchmarks.md):
 * {@code bench.scale} ({@code short}: the smoke run inside {@code mvn verify}; {@code full}: {@code -Pbench}),
 * {@code bench.scenarios} ({@code all} or e.g. {@code s2,s4}), {@code bench.db} ({@code h2},
 * {@code postgresql} or {@code both}), {@code bench.runs} (each figure is the median of that many runs),
 * {@code bench.duration} (seconds of each steady phase) and {@code bench.sizes} (overrides, e.g.
 * {@code s1.connections=10000:50000,s4.clients=2000}), {@code bench.settings} (settings of the WAR under test).
 */
record BenchConfig(boolean full, Set<String> scenarios, List<String> databases, int runs, Duration duration,
                   Map<String, String> sizes, String serverJvmArgs, Map<String, String> warSettings, boolean profile) {

    /**
     * Settings of the WAR under test: the per-connection frame rate limit and the handshake limit per
     * source address (thousands of clients connect from four addresses) are taken out of the
     * measurement; {@code bench.settings} adds or overrides (e.g. {@code surewire.jms.events.enabled=false}).
     */
    private static final Map<String, String> WAR_SETTINGS = Map.of(
            "surewire.rate.frames-per-second", "1000000",
            "surewire.security.enabled", "false",
            "surewire.security.handshakes-per-second", "0",
            "surewire.demo.seed", "false");

    static BenchConfig fromSystemProperties() {
        boolean full = "full".equalsIgnoreCase(System.getProperty("bench.scale", "short"));
        String scenarios = blankOr(System.getProperty("bench.scenarios"), "all");
        // S7 needs two more servers: in the full run's "all", not in the smoke run's
        Set<String> selected = "all".equalsIgnoreCase(scenarios)
                ? full ? Set.of("s1", "s2", "s3", "s4", "s5", "s6", "s7") : Set.of("s1", "s2", "s3", "s4", "s5", "s6")
                : Arrays.stream(scenarios.toLowerCase().split(",")).map(String::trim).collect(Collectors.toSet());
        String db = blankOr(System.getProperty("bench.db"), "postgresql");
        List<String> databases = "both".equalsIgnoreCase(db) ? List.of("h2", "postgresql") : List.of(db.toLowerCase());
        int runs = Integer.parseInt(blankOr(System.getProperty("bench.runs"), full ? "3" : "1"));
        Duration duration = Duration.ofSeconds(Long.parseLong(blankOr(System.getProperty("bench.duration"), full ? "30" : "1")));
        Map<String, String> sizes = Deployments.pairs(System.getProperty("bench.sizes"));
        String jvmArgs = blankOr(System.getProperty("bench.server.jvm-args"), full ? "-Xms2g -Xmx2g" : "-Xms512m -Xmx1g");
        Map<String, String> settings = new TreeMap<>(WAR_SETTINGS);
        settings.putAll(Deployments.pairs(System.getProperty("bench.settings")));
        boolean profile = Boolean.parseBoolean(System.getProperty("bench.profile", "false"));
        return new BenchConfig(full, selected, databases, runs, duration, sizes, jvmArgs, settings, profile);
    }

    boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }

    /** A size: the override from {@code bench.sizes}, else the full or the short default. */
    int size(String name, int fullSize, int shortSize) {
        String value = sizes.get(name);
        return value != null ? Integer.parseInt(value) : full ? fullSize : shortSize;
    }

    /** A list of sizes ({@code a:b:c} in {@code bench.sizes}). */
    List<Integer> sizes(String name, List<Integer> fullSizes, List<Integer> shortSizes) {
        String value = sizes.get(name);
        if (value != null) {
            return Arrays.stream(value.split(":")).map(String::trim).map(Integer::valueOf).toList();
        }
        return full ? fullSizes : shortSizes;
    }

    String scale() {
        return full ? "full" : "short";
    }

    private static String blankOr(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }
}
