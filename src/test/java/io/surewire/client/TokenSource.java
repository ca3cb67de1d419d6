package io.surewire.client;

import io.surewire.security.control.Tokens;
import java.time.Duration;
import java.util.List;

/**
 * Where a client gets the token of each connection (PROTOCOL §7): asked before every connect and
 * reconnect, so that a long-lived client can hand over a fresh one each time.
 */
@FunctionalInterface
public interface TokenSource {

    /** No token: for a server with security off, or to be refused. */
    TokenSource NONE = (clientId, role) -> null;

    /** The token for a connection of {@code clientId} in {@code role}, or {@code null} for none. */
    String token(String clientId, String role);

    /**
     * Tokens that allow everything, signed with the secret in the system property
     * {@code surewire.it.jwt-secret} (the build gives the tests the secret of the servers they start);
     * none when it is not set.
     */
    static TokenSource standard() {
        String secret = System.getProperty("surewire.it.jwt-secret");
        if (secret == null || secret.isBlank()) {
            return NONE;
        }
        Tokens tokens = new Tokens(secret, 0);
        return (clientId, role) -> tokens.issue(clientId, role, List.of("#"), List.of("#"), Duration.ofHours(1));
    }
}
