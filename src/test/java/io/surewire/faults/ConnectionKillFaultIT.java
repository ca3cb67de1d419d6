package io.surewire.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.ReliableSubscriber;
import io.surewire.it.Deployments;
import io.surewire.it.Endpoints;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Connections die while events are published: random kills (at least 10 per second) of single
 * connections, and a reconnect storm in which every client is dropped at once, several times.
 * Nothing is lost in transit on an open connection here, so a gap within one connection can only be
 * the server's: every event must come in its place on its connection, and no client may ever have
 * needed a resync.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConnectionKillFaultIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.surewire(Map.of("surewire.ack.timeout-ms", "2000"));
    }

    @ArquillianResource
    URL base;

    @Test
    void randomConnectionKillsWhilePublishing() throws Exception {
        int killsPerSecond = 20;
        AtomicLong kills = new AtomicLong();
        try (FaultRun run = FaultRun.start(base, Endpoints.webSocket(base), "kills", Scale.current().of(25))) {
            long start = System.nanoTime();
            run.publish(Scale.current().of(600), 4, () -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (run.publishing()) {
                    List<ReliableSubscriber> subscribers = run.subscribers();
                    subscribers.get(random.nextInt(subscribers.size())).kill();
                    kills.incrementAndGet();
                    FaultRun.pause(1000 / killsPerSecond);
                }
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            FaultRun.Outcome outcome = run.converge(Duration.ofMinutes(3));
            run.report("random connection kills", outcome, kills.get(),
                    String.format("%.1f kills/s over %.0f s; %d connections lost, %d reconnects", kills.get() / seconds,
                            seconds, run.connectionsLost(), run.reconnects()));
            assertTrue(outcome.verdict().holds(), outcome.verdict().toString());
            assertTrue(kills.get() / seconds >= 10, "at least 10 kills per second: " + kills.get() / seconds);
            FaultRun.assertInOrderWithoutResyncs(outcome.order());
            assertTrue(run.connectionsLost() > 0, "the kills were felt: connections were lost");
            assertTrue(run.reconnects() > 0, "the kills were felt: subscribers reconnected");
        }
    }

    @Test
    void aReconnectStormDropsEveryClientAtOnce() throws Exception {
        AtomicLong storms = new AtomicLong();
        try (FaultRun run = FaultRun.start(base, Endpoints.webSocket(base), "storm", Scale.current().of(100))) {
            run.publish(Scale.current().of(400), 4, () -> {
                while (run.publishing()) {
                    FaultRun.pause(1500);
                    run.subscribers().forEach(ReliableSubscriber::kill);
                    storms.incrementAndGet();
                }
            });
            FaultRun.Outcome outcome = run.converge(Duration.ofMinutes(3));
            run.report("reconnect storm", outcome, storms.get(),
                    storms.get() + " storms of " + run.subscribers().size() + " clients dropped at once; "
                            + run.connectionsLost() + " connections lost");
            assertTrue(outcome.verdict().holds(), outcome.verdict().toString());
            assertTrue(storms.get() >= 1);
            FaultRun.assertInOrderWithoutResyncs(outcome.order());
            assertTrue(run.connectionsLost() >= run.subscribers().size(),
                    "the storm was felt: every subscriber lost its connection at least once: " + run.connectionsLost());
        }
    }

}
