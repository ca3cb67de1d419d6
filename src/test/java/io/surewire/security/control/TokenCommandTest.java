package io.surewire.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenCommandTest {

    private static final String SECRET = "unit-test-secret-unit-test-secret-0123";

    @Test
    void printsATokenWithTheClaimsAsked() throws TokenRefused {
        String token = TokenCommand.token(new String[]{"--sub", "ops-1", "--role", "operator", "--topics", "a/#,b/+",
                "--publish", "a/x", "--ttl", "PT5M"}, SECRET);
        Grant grant = new Tokens(SECRET, 0).verify(token);
        assertEquals("ops-1", grant.subject());
        assertTrue(grant.isOperator());
        assertTrue(grant.mayRead("b/c"));
        assertTrue(grant.mayPublish("a/x"));
    }

    @Test
    void refusesWhatItCannotMake() {
        assertThrows(IllegalArgumentException.class, () -> TokenCommand.token(new String[]{"--sub", "x"}, null));
        assertThrows(IllegalArgumentException.class, () -> TokenCommand.token(new String[]{"--role", "admin"}, SECRET));
        assertThrows(IllegalArgumentException.class, () -> TokenCommand.token(new String[]{"--sub", "x", "--role", "root"}, SECRET));
        assertThrows(IllegalArgumentException.class, () -> TokenCommand.token(new String[]{"--sub", "x", "--topics", "a/#/b"}, SECRET));
        assertThrows(IllegalArgumentException.class, () -> TokenCommand.token(new String[]{"--sub", "x", "--ttl", "-PT1S"}, SECRET));
        assertThrows(IllegalArgumentException.class, () -> TokenCommand.token(new String[]{"--sub"}, SECRET));
        assertThrows(IllegalArgumentException.class, () -> TokenCommand.token(new String[]{"--what", "x"}, SECRET));
    }
}
