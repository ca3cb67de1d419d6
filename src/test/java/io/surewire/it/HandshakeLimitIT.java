package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.RawWebSocket;
import io.surewire.client.SurewireClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PROTOCOL §7: a flood of handshakes from one source address gets HTTP 429 before any state is
 * created; another address, and the connections already open, carry on.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HandshakeLimitIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int BURST = 5;

    @Deployment(testable = false)
    static WebArchive deployment() {
        // one handshake a minute after the burst: the refill cannot let a handshake of this test through
        return Deployments.withHooks(Map.of("surewire.security.handshakes-per-second", "0.0166",
                "surewire.security.handshake-burst", String.valueOf(BURST)));
    }

    @ArquillianResource
    URL base;

    @Test
    void aFloodFromOneAddressGets429AndNothingElseIsDisturbed() throws IOException {
        String topic = Topics.unique("flooded");
        InetAddress flooder = InetAddress.getByName("127.0.0.1");
        List<SurewireClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < BURST; i++) {
                open.add(Endpoints.connected(base, "burst-" + i));
            }
            open.get(0).subscribe(topic);
            open.get(0).await("subscribed", WAIT);
            URI uri = URI.create(Endpoints.webSocket(base) + "?client_id=flood&token=" + TestTokens.all("flood", "frontend"));
            for (int i = 0; i < 20; i++) {
                IOException refused = assertThrows(IOException.class, () -> RawWebSocket.connect(uri, Map.of(), flooder).close());
                assertTrue(refused.getMessage().startsWith("no upgrade: HTTP/1.1 429"), refused.getMessage());
            }
            URI otherUri = URI.create(Endpoints.webSocket(base) + "?client_id=flood-other&token="
                    + TestTokens.all("flood-other", "frontend"));
            try (RawWebSocket other = RawWebSocket.connect(otherUri, Map.of(), InetAddress.getByName("127.0.0.2"))) {
                assertEquals("hello", Hooks.json(other.nextText()).getString("type"), "another address has its own limit");
            }
            long seq = Hooks.commit(base, topic, "{\"during\":\"flood\"}");
            open.get(0).await(Frames.event(topic, seq), WAIT);
            assertTrue(open.stream().allMatch(SurewireClient::isOpen), "the open connections carry on");
            assertEquals(0, Hooks.jsonArray(Endpoints.get(base, "/api/sessions").body()).stream()
                    .filter(s -> s.asJsonObject().getString("client_id").equals("flood")).count(),
                    "no state of a refused handshake");
        } finally {
            open.forEach(SurewireClient::close);
        }
    }
}
