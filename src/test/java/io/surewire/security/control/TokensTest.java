package io.surewire.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokensTest {

    private static final String SECRET = "unit-test-secret-unit-test-secret-0123";
    private final Tokens tokens = new Tokens(SECRET, 30);

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("c1").claim("role", "frontend")
                .claim("topics", List.of("a/#")).claim("publish", List.of("a/b"))
                .expirationTime(Date.from(Instant.now().plusSeconds(60)));
    }

    @Test
    void acceptsAnIssuedTokenWithItsGrant() throws TokenRefused {
        Grant grant = tokens.verify(tokens.issue("c1", "admin", List.of("a/#"), List.of("a/+"), Duration.ofMinutes(1)));
        assertEquals("c1", grant.subject());
        assertEquals("admin", grant.role());
        assertTrue(grant.mayRead("a/x/y"));
        assertFalse(grant.mayRead("b"));
        assertTrue(grant.mayPublish("a/x"));
        assertFalse(grant.mayPublish("a/x/y"));
        assertFalse(grant.isOperator());
    }

    @Test
    void aTokenWithoutRoleOrFiltersIsAFrontendThatMayDoNothing() throws TokenRefused {
        Grant grant = tokens.verify(tokens.sign(new JWTClaimsSet.Builder().subject("c1")
                .expirationTime(Date.from(Instant.now().plusSeconds(60))).build()));
        assertEquals("frontend", grant.role());
        assertFalse(grant.mayRead("a"));
        assertFalse(grant.mayPublish("a"));
    }

    @Test
    void refusesMissingAndMalformed() {
        assertRefused(null, "no token");
        assertRefused("", "no token");
        assertRefused("not-a-jwt", "not a JWT");
        assertRefused("a.b.c", "not a JWT");
    }

    @Test
    void refusesAnotherKey() {
        String forged = new Tokens("another-secret-another-secret-0123456", 0).sign(claims().build());
        assertRefused(forged, "signature");
    }

    @Test
    void refusesAlgNone() {
        assertRefused(new PlainJWT(claims().build()).serialize(), "HS256");
    }

    @Test
    void refusesAnotherHmacAlgorithm() throws Exception {
        SignedJWT hs512 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), claims().build());
        hs512.sign(new MACSigner((SECRET + SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertRefused(hs512.serialize(), "HS256");
    }

    @Test
    void refusesExpiredBeyondTheLeewayAndAcceptsWithinIt() throws TokenRefused {
        assertRefused(tokens.sign(claims().expirationTime(Date.from(Instant.now().minusSeconds(45))).build()), "expired");
        tokens.verify(tokens.sign(claims().expirationTime(Date.from(Instant.now().minusSeconds(10))).build()));
    }

    @Test
    void refusesNotYetValidBeyondTheLeeway() throws TokenRefused {
        assertRefused(tokens.sign(claims().notBeforeTime(Date.from(Instant.now().plusSeconds(45))).build()), "not valid yet");
        tokens.verify(tokens.sign(claims().notBeforeTime(Date.from(Instant.now().plusSeconds(10))).build()));
    }

    @Test
    void refusesWithoutSubOrExp() {
        assertRefused(tokens.sign(claims().subject(null).build()), "sub and exp");
        assertRefused(tokens.sign(claims().expirationTime(null).build()), "sub and exp");
    }

    @Test
    void refusesAnUnknownRoleAndBadFilters() {
        assertRefused(tokens.sign(claims().claim("role", "root").build()), "role must be one of");
        assertRefused(tokens.sign(claims().claim("topics", List.of("a/#/b")).build()), "topics");
        assertRefused(tokens.sign(claims().claim("publish", "a/b").build()), "arrays of strings");
    }

    @Test
    void refusesAShortSecretAndTooMuchLeeway() {
        assertThrows(IllegalArgumentException.class, () -> new Tokens("short", 0));
        assertThrows(IllegalArgumentException.class, () -> new Tokens(SECRET, 31));
    }

    @Test
    void theMessageNeverCarriesTheToken() {
        String forged = new Tokens("another-secret-another-secret-0123456", 0).sign(claims().build());
        TokenRefused refused = assertThrows(TokenRefused.class, () -> tokens.verify(forged));
        assertFalse(refused.getMessage().contains(forged.substring(0, 20)));
    }

    private void assertRefused(String token, String reason) {
        TokenRefused refused = assertThrows(TokenRefused.class, () -> tokens.verify(token));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }
}
