package io.surewire.it;

import io.surewire.security.control.Tokens;
import java.time.Duration;
import java.util.List;

/**
 * Tokens for the servers the tests start: they are signed with the secret the build gives every
 * deployment ({@code surewire.it.jwt-secret}), so security stays on in every IT.
 */
public final class TestTokens {

    /** The secret of the test deployments (UTF-8, at least 32 bytes). */
    public static final String SECRET = System.getProperty("surewire.it.jwt-secret",
            "integration-tests-only-0123456789abcdef");

    private static final Tokens TOKENS = new Tokens(SECRET, 0);

    private TestTokens() {
    }

    public static Tokens tokens() {
        return TOKENS;
    }

    /** A token of {@code sub} in {@code role} that may subscribe and publish anywhere. */
    public static String all(String sub, String role) {
        return TOKENS.issue(sub, role, List.of("#"), List.of("#"), Duration.ofHours(1));
    }

    /** An operator's token that may also subscribe and publish anywhere. */
    public static String operator() {
        return all("test-operator", "operator");
    }
}
