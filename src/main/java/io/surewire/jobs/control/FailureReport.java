package io.surewire.jobs.control;

import io.surewire.delivery.entity.DeliveryFailure;
import io.surewire.protocol.ServerFrames;
import java.util.List;

/**
 * The file the failure-report job writes: {@code failure-report-<execution id>.csv}, a header and one
 * CSV record per delivery failure, with every column of {@code sw_delivery_failure}.
 */
public final class FailureReport {

    /** The columns, in their order: those an operator reads first, then the failure's id. */
    public static final List<String> COLUMNS = List.of("client_id", "topic", "from_seq", "to_seq", "reason", "failed_at",
            "id");

    private FailureReport() {
    }

    public static String fileName(long executionId) {
        return "failure-report-" + executionId + ".csv";
    }

    public static String header() {
        return Csv.record(COLUMNS);
    }

    /** The failure's record; {@code failed_at} as every timestamp of the API, ISO-8601 UTC with milliseconds. */
    public static String row(DeliveryFailure failure) {
        return Csv.record(List.of(failure.clientId(), failure.topic(), Long.toString(failure.fromSeq()),
                Long.toString(failure.toSeq()), failure.reason(), ServerFrames.timestamp(failure.failedAt()), failure.id()));
    }
}
