package io.surewire.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.SurewireClient;
import io.surewire.client.WireFrame;
import io.surewire.client.WireLog;
import io.surewire.it.Deployments;
import io.surewire.it.Endpoints;
import io.surewire.it.OrderCheck;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A consumer that reads nothing: its frames pile up in its own queue until it overflows and the
 * connection is closed with 4429, while every other subscriber gets every event, each in its place
 * on its connection. What the slow one did read must be in order too, its retries included.
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

    /** The slow one's frames as it read them, after its subscribe (without since, without request id). */
    private static WireLog.Connection wire(SurewireClient slow, String topic) {
        List<WireFrame> frames = new ArrayList<>();
        frames.add(WireFrame.subscribe(topic, null, null));
        slow.history().forEach(frame -> WireFrame.received(frame).ifPresent(frames::add));
        return new WireLog.Connection(slow.clientId() + "#1", frames);
    }

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
            // it reads again only once the server has let go of it: resumed earlier, it would drain
            // its socket and leave the server with a client that reads but does not ack (4408)
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> !Endpoints.get(base, "/api/sessions").body()
                    .contains("\"client_id\":\"slow-consumer\""));

            slow.resumeReading();
            SurewireClient.Closed closed = slow.awaitClose(Duration.ofMinutes(2));
            long received = io.surewire.it.Frames.seqs(slow.history(), run.topic()).size();
            OrderCheck.Verdict slowOrder = OrderCheck.judgeConnections(List.of(wire(slow, run.topic())));
            run.report("slow consumer (reads nothing)", outcome, 1,
                    "the slow one was closed with " + closed.code() + " after " + received + " of "
                            + outcome.verdict().committed() + " events; outbound queue limit 64, 16 KiB payloads;"
                            + " what the slow one read: " + slowOrder);
            assertEquals(4429, closed.code(), closed.toString());
            assertTrue(outcome.verdict().holds(), outcome.verdict().toString());
            assertTrue(received < outcome.verdict().committed(), "the slow consumer did not keep up: " + received);
            FaultRun.assertInOrderWithoutResyncs(outcome.order());
            assertTrue(slowOrder.holds(), "what the slow one read: " + slowOrder);
        }
    }
}
