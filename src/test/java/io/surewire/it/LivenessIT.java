package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.SurewireClient;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PROTOCOL §1, §5 with a 1 s heartbeat: pings, 4408 after three silent intervals, supersede with 4409. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LivenessIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.withHooks(Map.of("surewire.heartbeat.interval-ms", "1000"));
    }

    @ArquillianResource
    URL base;

    @Test
    void theServerPingsAndClosesASilentConnectionWith4408WhileAnAnsweringOneStays() {
        try (SurewireClient silent = connect("liveness-silent");
             SurewireClient answering = connect("liveness-answering")) {
            silent.answerPings(false);
            assertEquals(1000, silent.history().get(0).getJsonNumber("heartbeat_interval_ms").longValue());

            JsonObject ping = silent.await("ping", WAIT);
            Instant.parse(ping.getString("ts"));
            SurewireClient.Closed closed = silent.awaitClose(WAIT);
            assertEquals(4408, closed.code(), closed.toString());

            assertTrue(answering.isOpen(), "a client that answers pings is not closed");
            answering.ping(42);
            assertEquals(42, answering.await("pong", WAIT).getInt("ts"));
        }
    }

    @Test
    void aClientPingIsAnsweredWithTheSameTs() {
        try (SurewireClient client = connect("liveness-ping")) {
            client.send("{\"type\":\"ping\",\"ts\":\"2026-11-22T10:00:00.123Z\"}");
            assertEquals("2026-11-22T10:00:00.123Z", client.await("pong", WAIT).getString("ts"));
            client.ping(1700000000123L);
            assertEquals(1700000000123L, client.await("pong", WAIT).getJsonNumber("ts").longValue());
        }
    }

    @Test
    void aSecondConnectionWithTheSameClientIdSupersedesTheFirst() {
        String topic = Topics.unique("supersede");
        try (SurewireClient older = connect("liveness-twin")) {
            older.subscribe(topic);
            older.await("subscribed", WAIT);
            try (SurewireClient newer = connect("liveness-twin")) {
                SurewireClient.Closed closed = older.awaitClose(WAIT);
                assertEquals(4409, closed.code(), closed.toString());

                newer.subscribe(topic);
                newer.await("subscribed", WAIT);
                Hooks.commit(base, topic, "{}");
                assertEquals(1, Frames.seq(newer.await(Frames.ofType("event"), WAIT)));
                assertEquals(0, Frames.seqs(older.history(), topic).size(), "the superseded connection got nothing");
            }
        }
    }

    private SurewireClient connect(String clientId) {
        return Endpoints.connected(base, clientId);
    }
}
