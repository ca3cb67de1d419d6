package io.surewire.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * S3: the S2 load (clients × 10 topics) at 25, 50 and 75 % of its maximum, the maximum being the
 * highest offered rate of a short doubling ramp that still delivered 100 % with p99 ≤ 50 ms.
 */
final class LatencyScenario {

    private final BenchContext context;
    private int round;

    LatencyScenario(BenchContext context) {
        this.context = context;
    }

    void run() throws java.io.IOException {
        BenchConfig config = context.config();
        int clients = config.size("s2.clients", 1000, 20);
        int topics = config.size("s3.topics", 10, 2);
        int start = config.size("s3.start", 2500, 200);
        int steps = config.size("s3.steps", 6, 1);
        Duration step = Duration.ofSeconds(config.size("s3.step", 10, 1));
        FanoutScenario fanout = new FanoutScenario(context);
        int maximum = 0;
        for (int i = 0, level = start; i < steps; i++, level *= 2) {
            int deliveries = level;
            Map<String, Object> figures = fanout.measure(context.server().surewire(), "ramp" + level + "-" + (++round),
                    clients, topics, deliveries / (clients / (double) topics), step, null, false);
            context.report().add(new Report.Row("S3 ramp", context.server().db(), clients + "x" + topics + " at "
                    + deliveries + " deliveries/s", List.of(figures)));
            context.report().write();
            boolean holds = ((Number) figures.get("delivered_pct")).doubleValue() >= 100
                    && ((Number) figures.get("p99_ms")).doubleValue() <= 50;
            if (!holds) {
                break;
            }
            maximum = deliveries;
        }
        context.report().note("S3 maximum on " + context.server().db(), maximum == 0
                ? "not found: even " + start + " deliveries/s missed 100 % or p99 <= 50 ms"
                : maximum + " deliveries/s (" + clients + "x" + topics + ")");
        if (maximum == 0) {
            return;
        }
        for (int percent : List.of(25, 50, 75)) {
            double deliveries = maximum * percent / 100.0;
            context.measure("S3 latency below the maximum", percent + " % of " + maximum + " deliveries/s",
                    () -> fanout.measure(context.server().surewire(), "s3-" + percent + "-" + (++round), clients, topics,
                            deliveries / (clients / (double) topics), config.duration(), null, false));
        }
    }
}
