package io.surewire.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.it.DeliveryCheck;
import io.surewire.it.Deployments;
import io.surewire.it.OrderCheck;
import io.surewire.it.TestTokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * Subscribers in a network namespace reach the server over a veth link that loses 5–20 % of its
 * packets, adds 200 ms ± 50 ms of latency each way, and goes dark for 2 seconds again and again,
 * while events are published. Every subscriber must still end with every committed event, and, since
 * TCP hands over what survives the loss in order, every event in its place on its connection.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NetworkFaultIT {

    private static final int RELAY_PORT = 18080;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.surewire(Map.of());
    }

    @ArquillianResource
    URL base;

    @Test
    void lossLatencyAndBlackoutsLoseNothing() throws Exception {
        int clients = Scale.current().of(20);
        int events = Scale.current().of(300);
        AtomicLong lowest = new AtomicLong();
        AtomicLong connections = new AtomicLong();
        AtomicLong blackouts = new AtomicLong();
        Path dump = Files.createDirectories(Path.of("target", "faults")).resolve("network-fleet.json");
        try (Network network = Network.create();
             DelayRelay relay = new DelayRelay(new InetSocketAddress(Network.HOST_ADDRESS, RELAY_PORT),
                     new InetSocketAddress("127.0.0.1", base.getPort()), 200, 50);
             FaultRun run = FaultRun.withoutSubscribers(base, "network")) {
            Process fleet = new ProcessBuilder(Network.inside(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    "-Dsurewire.it.jwt-secret=" + TestTokens.SECRET, // the fleet's clients need tokens too
                    Fleet.class.getName(),
                    "ws://" + Network.HOST_ADDRESS + ":" + RELAY_PORT + "/ws/client", run.topic(),
                    String.valueOf(clients), "network", dump.toAbsolutePath().toString())))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try {
                Thread reader = new Thread(() -> follow(fleet, lowest, connections), "fleet-progress");
                reader.setDaemon(true);
                reader.start();
                Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> connections.get() >= clients);

                run.publish(events, 4, () -> {
                    int[] losses = {5, 10, 15, 20};
                    int step = 0;
                    while (run.publishing()) {
                        network.loss(losses[step++ % losses.length]);
                        FaultRun.pause(3000);
                        if (!run.publishing()) {
                            break;
                        }
                        network.blackout();
                        blackouts.incrementAndGet();
                        FaultRun.pause(2000);
                    }
                    network.loss(10);
                });

                long committed = DeliveryCheck.committed(run.topic()).size();
                long start = System.nanoTime();
                Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                        .until(() -> lowest.get() >= committed);
                long convergeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

                Writer commands = new OutputStreamWriter(fleet.getOutputStream(), StandardCharsets.UTF_8);
                commands.write("dump\n");
                commands.flush();
                assertTrue(fleet.waitFor(2, TimeUnit.MINUTES), "the fleet wrote its dump");
                List<Fleet.Recorded> recorded = Fleet.Recorded.read(dump, run.topic());
                DeliveryCheck.Verdict verdict = DeliveryCheck.judge(run.topic(), recorded);
                OrderCheck.Verdict order = OrderCheck.judge(recorded);
                long dropped = network.packetsDropped();
                run.report("network: 5-20 % loss, 200 ± 50 ms latency, 2 s blackouts",
                        new FaultRun.Outcome(verdict, order, convergeMillis, run.publishRetries(), 0), recorded,
                        blackouts.get(), blackouts.get() + " blackouts of 2 s; " + dropped + " packets dropped; "
                                + verdict.connections() + " connections through the relay; convergence measured with"
                                + " 10 % loss and the latency still on");
                assertTrue(verdict.holds(), verdict.toString());
                assertTrue(blackouts.get() >= 1);
                // TCP delivers what survives the loss in order, or drops the connection: a gap within one is the server's
                FaultRun.assertInOrderWithoutResyncs(order);
                assertTrue(dropped > 0, "the loss was felt: the link dropped packets");
            } finally {
                fleet.destroyForcibly();
            }
        }
    }

    private static void follow(Process fleet, AtomicLong lowest, AtomicLong connections) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(fleet.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String[] words = line.split(" ");
                if (words.length == 3 && words[0].equals("progress")) {
                    lowest.set(Long.parseLong(words[1]));
                    connections.set(Long.parseLong(words[2]));
                }
            }
        } catch (java.io.IOException | NumberFormatException ended) {
            // the fleet is gone
        }
    }

}
