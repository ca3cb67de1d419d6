package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.SurewireClient;
import io.surewire.client.TokenSource;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PROTOCOL §7: with security off nothing checks a token and the server warns at startup; with
 * security on and no secret, or one too short, the deployment fails and the log says why.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SecurityOffIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SERVER_LOG = Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log");

    @Deployment(name = "off", testable = false, managed = false)
    static WebArchive off() {
        return Deployments.named("security-off.war",
                Deployments.surewire(Map.of("surewire.security.enabled", "false", "surewire.security.jwt.secret", "")));
    }

    @Deployment(name = "no-secret", testable = false, managed = false)
    static WebArchive noSecret() {
        return Deployments.named("no-secret.war", Deployments.surewire(Map.of("surewire.security.jwt.secret", "")));
    }

    @Deployment(name = "short-secret", testable = false, managed = false)
    static WebArchive shortSecret() {
        return Deployments.named("short-secret.war", Deployments.surewire(Map.of("surewire.security.jwt.secret", "too-short")));
    }

    @ArquillianResource
    Deployer deployer;

    /** One after the other: the deployments share the root context. */
    @Test
    void noUsableSecretFailsTheDeploymentAndSecurityOffAsksForNoToken() throws Exception {
        assertThrows(Exception.class, () -> deployer.deploy("no-secret"));
        assertThrows(Exception.class, () -> deployer.deploy("short-secret"));
        String log = Files.readString(SERVER_LOG);
        assertTrue(log.contains("no secret is set: give SUREWIRE_SECURITY_JWT_SECRET"), "the log says why");
        assertTrue(log.contains("SUREWIRE_SECURITY_JWT_SECRET) is unusable: the secret has 9 bytes"), "the log says why");

        deployer.deploy("off");
        try {
            URL base = Endpoints.server();
            String topic = Topics.unique("open");
            try (SurewireClient client = SurewireClient.connect(Endpoints.webSocket(base), Map.of("client_id", "no-token"),
                    TokenSource.NONE)) {
                client.await("hello", WAIT);
                client.subscribe(topic);
                client.await("subscribed", WAIT);
            }
            for (String path : new String[]{"/api/sessions", "/api/websocket/metrics", "/api/v1/topics/" + topic}) {
                assertEquals(200, Endpoints.sendAsIs(HttpRequest.newBuilder(Endpoints.http(base, path)).GET().build())
                        .statusCode(), path);
            }
            assertTrue(Files.readString(SERVER_LOG).contains("SECURITY IS OFF"), "a warning at startup");
        } finally {
            deployer.undeploy("off");
        }
    }
}
