package io.surewire.jobs.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.surewire.delivery.entity.DeliveryFailure;
import io.surewire.protocol.ServerFrames;
import org.junit.jupiter.api.Test;

/** {@link FailureReport}: the header and a record per failure, with every column of the table. */
class FailureReportTest {

    @Test
    void theHeaderNamesEveryColumn() {
        assertEquals("client_id,topic,from_seq,to_seq,reason,failed_at,id\r\n", FailureReport.header());
    }

    @Test
    void aRecordHoldsTheFailureWithItsReasonQuotedWhenItMustBe() {
        DeliveryFailure failure = new DeliveryFailure("c-1", "a/b", 3, 7, "slow, \"stuck\"");

        assertEquals("c-1,a/b,3,7,\"slow, \"\"stuck\"\"\"," + ServerFrames.timestamp(failure.failedAt()) + ","
                + failure.id() + "\r\n", FailureReport.row(failure));
    }

    @Test
    void theFileIsNamedForTheExecution() {
        assertEquals("failure-report-42.csv", FailureReport.fileName(42));
    }
}
