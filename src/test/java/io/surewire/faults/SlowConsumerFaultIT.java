package io.surewire.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.SurewireClient;
import io.surewire.it.Deployments;
import io.surewire.it.Endpoints;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A consumer that reads nothing: its frames pile up in its own queue until it overflows and the
 * connection is closed with 4429, while every other subscriber gets every event.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SlowConsumerFaultIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.surewire(Map.of("surewire.outbound.queue-limit", "64"));
    }

    @ArquillianResource
    URL base;

    @Test
    void aConsumerThatReadsNothingIsClosedWith4429AndSlowsNoOneElse() throws Exception {
        String padding = "x".repeat(16 * 1024);
        try (FaultRun run = FaultRun.start(base, Endpoints.webSocket(base), "slow-others", Scale.current().of(10));
             SurewireClient slow = SurewireClient.connect(Endpoints.webSocket(base), "slow-consumer")) {
            slow.await("hello", Duration.ofSeconds(30));
            slow.subscribe(run.topic());
            slow.await("subscribed", Duration.ofSeconds(30));
            slow.pauseReading();

            AtomicLong published = new AtomicLong();
            run.publishPadded(Scale.current().of(800), 4, padding, published);
            FaultRun.Outcome outcome = run.converge(Duration.ofMinutes(3));

            slow.resumeReading();
            SurewireClient.Closed closed = slow.awaitClose(Duration.ofMinutes(2));
            long received = io.surewire.it.Frames.seqs(slow.history(), run.topic()).size();
            run.report("slow consumer (reads nothing)", outcome, 1,
                    "the slow one was closed with " + closed.code() + " after " + received + " of "
                            + outcome.verdict().committed() + " events; outbound queue limit 64, 16 KiB payloads");
            assertEquals(4429, closed.code(), closed.toString());
            assertTrue(outcome.verdict().holds(), outcome.verdict().toString());
            assertTrue(received < outcome.verdict().committed(), "the slow consumer did not keep up: " + received);
        }
    }
}
