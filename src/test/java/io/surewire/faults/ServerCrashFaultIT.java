package io.surewire.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.ReliableSubscriber;
import io.surewire.it.DeliveryCheck;
import io.surewire.it.Endpoints;
import io.surewire.it.OrderCheck;
import jakarta.json.JsonValue;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of WildFly in the middle of the stream, then a restart: subscribers reconnect and
 * resume (from their own position, or from the durable cursor the server kept), publishers retry with
 * their idempotency keys, and the log ends with each message once and no subscriber missing any.
 * This test runs its own server (ports + 100) next to the suite's.
 */
class ServerCrashFaultIT {

    @Test
    void killMinus9MidStreamThenRestart() throws Exception {
        int events = Scale.current().of(300);
        AtomicLong crashes = new AtomicLong();
        try (StandaloneServer server = StandaloneServer.prepare("crash-server", Map.of("surewire.ack.timeout-ms", "2000"))) {
            server.start();
            URL base = server.base();
            try (FaultRun run = FaultRun.start(base, Endpoints.webSocket(base), "crash", Scale.current().of(15))) {
                List<ReliableSubscriber> cursorClients = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    cursorClients.add(new ReliableSubscriber(Endpoints.webSocket(base), "crash-cursor-" + i,
                            Set.of(run.topic()), true).start());
                }
                run.publish(events, 4, () -> {
                    run.awaitPublished(events / 3);
                    try {
                        server.kill();
                        crashes.incrementAndGet();
                        server.start();
                    } catch (Exception e) {
                        throw new IllegalStateException("the server did not come back", e);
                    }
                });
                FaultRun.Outcome outcome = run.converge(Duration.ofMinutes(3));
                List<ReliableSubscriber> everyone = new ArrayList<>(run.subscribers());
                everyone.addAll(cursorClients);
                FaultRun.Outcome all = new FaultRun.Outcome(DeliveryCheck.judge(run.topic(), everyone),
                        OrderCheck.judge(everyone), outcome.convergeMillis(), outcome.publishRetries(),
                        outcome.failedPublishes());
                run.report("kill -9 of WildFly mid-stream, restart", all, everyone, crashes.get(),
                        outcome.failedPublishes() + " publishes failed while the server was down and were retried with"
                                + " their keys; 5 of the " + everyone.size() + " subscribers resumed from the durable cursor; "
                                + run.reconnects() + " reconnects");
                cursorClients.forEach(ReliableSubscriber::close);

                assertEquals(1, crashes.get());
                assertTrue(all.verdict().holds(), all.verdict().toString());
                FaultRun.assertInOrderWithoutResyncs(all.order());
                assertTrue(run.subscribers().stream().allMatch(s -> s.connections() >= 2),
                        "the crash was felt: every subscriber came back on a new connection");
                Map<JsonValue, Long> perMessage = DeliveryCheck.committed(run.topic()).values().stream()
                        .collect(Collectors.groupingBy(v -> v, Collectors.counting()));
                assertEquals(events, perMessage.size(), "every message is in the log");
                assertTrue(perMessage.values().stream().allMatch(n -> n == 1), "no message twice: the keys survived");
            }
        }
    }
}
