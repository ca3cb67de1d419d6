package io.surewire.faults;

import io.surewire.it.OrderCheck;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.logging.Logger;

/**
 * One row of the reliability table per fault run, appended to {@code target/faults/results.jsonl}
 * (and logged), so that a run of the suite leaves its figures behind.
 */
public final class FaultReport {

    private static final Logger LOG = Logger.getLogger(FaultReport.class.getName());
    private static final Path RESULTS = Path.of("target", "faults", "results.jsonl");

    /**
     * What a fault run measured; {@code order} is the verdict on the raw frames of the subscribers'
     * connections, {@code null} for a run without subscribers.
     */
    public record Row(String fault, long committed, int subscribers, double deliveredPercent, long duplicatesDropped,
                      long convergeMillis, long faultsInjected, OrderCheck.Verdict order, String notes) {

        JsonObject toJson() {
            JsonObjectBuilder json = Json.createObjectBuilder()
                    .add("fault", fault)
                    .add("scale", Scale.current().name().toLowerCase())
                    .add("committed", committed)
                    .add("subscribers", subscribers)
                    .add("delivered_percent", deliveredPercent)
                    .add("duplicates_dropped", duplicatesDropped)
                    .add("converge_ms", convergeMillis)
                    .add("faults_injected", faultsInjected);
            if (order != null) {
                json.add("connections", order.connections())
                        .add("event_frames", order.events())
                        .add("redelivered_frames", order.redeliveries())
                        .add("out_of_order_frames", order.outOfOrderFrames())
                        .add("server_caused_gaps", order.serverCausedGaps())
                        .add("other_order_violations", order.otherViolations())
                        .add("resyncs", order.resyncs())
                        .add("resyncs_server_caused", order.serverCausedResyncs())
                        .add("resyncs_other_cause", order.resyncsOfOtherCause());
            }
            return json.add("notes", notes).build();
        }
    }

    private FaultReport() {
    }

    public static synchronized void record(Row row) {
        LOG.info(() -> "fault run: " + row);
        try {
            Files.createDirectories(RESULTS.getParent());
            Files.writeString(RESULTS, row.toJson() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
