package io.surewire.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The full benchmark, {@code mvn -B verify -Pbench} (docs/benchmarks.md): measures, asserts nothing,
 * leaves its figures in {@code target/bench/results.json} and {@code results.md}.
 */
@EnabledIfSystemProperty(named = "bench.scale", matches = "full")
class BenchIT {

    @Test
    void measure() throws Exception {
        BenchRun.run(BenchConfig.fromSystemProperties());
    }
}
