package io.surewire.security.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Signs and verifies the tokens of PROTOCOL §7: JWTs signed with HMAC-SHA256 by a shared secret of
 * at least 32 bytes, checked by nimbus-jose-jwt. A token signed another way ({@code none} included),
 * expired beyond the clock leeway, not yet valid, or without {@code sub} and {@code exp} is refused.
 */
public final class Tokens {

    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    /** The most clock leeway the protocol allows. */
    public static final int MAX_LEEWAY_SECONDS = 30;

    private final byte[] secret;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public Tokens(String secret, int leewaySeconds) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        if (this.secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the secret has " + this.secret.length + " bytes; HS256 needs at least "
                    + MIN_SECRET_BYTES);
        }
        if (leewaySeconds < 0 || leewaySeconds > MAX_LEEWAY_SECONDS) {
            throw new IllegalArgumentException("the clock leeway must be 0-" + MAX_LEEWAY_SECONDS + " s");
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(this.secret)));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null, Set.of("sub", "exp"));
        claims.setMaxClockSkew(leewaySeconds);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The grant of a valid token; {@link TokenRefused} with the reason otherwise. */
    public Grant verify(String token) throws TokenRefused {
        if (token == null || token.isBlank()) {
            throw new TokenRefused("no token");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new TokenRefused("not a JWT");
        } catch (BadJOSEException e) {
            throw new TokenRefused(reason(e.getMessage()));
        } catch (JOSEException e) {
            throw new TokenRefused("the signature cannot be checked");
        }
        String subject = claims.getSubject();
        if (subject.isBlank()) {
            throw new TokenRefused("the token's sub is empty");
        }
        String role;
        List<TopicFilter> topics;
        List<TopicFilter> publish;
        try {
            role = claims.getStringClaim("role");
            topics = filters(claims.getStringListClaim("topics"), "topics");
            publish = filters(claims.getStringListClaim("publish"), "publish");
        } catch (ParseException e) {
            throw new TokenRefused("role must be a string, topics and publish arrays of strings");
        }
        if (role == null) {
            role = "frontend";
        } else if (!Grant.ROLES.contains(role)) {
            throw new TokenRefused("role must be one of " + String.join(", ", Grant.ROLES));
        }
        return new Grant(subject, role, topics, publish);
    }

    /** A signed token with these claims, valid from now for {@code lifetime}. */
    public String issue(String subject, String role, List<String> topics, List<String> publish, Duration lifetime) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("role", role)
                .claim("topics", List.copyOf(topics))
                .claim("publish", List.copyOf(publish))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build();
        return sign(claims);
    }

    /** {@code claims} signed with this secret: for tests and tools that need an unusual token. */
    public String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jwt.serialize();
    }

    private static List<TopicFilter> filters(List<String> values, String claim) throws TokenRefused {
        List<TopicFilter> filters = new ArrayList<>();
        if (values == null) {
            return filters;
        }
        for (String value : values) {
            try {
                filters.add(new TopicFilter(value));
            } catch (IllegalArgumentException e) {
                throw new TokenRefused(claim + ": " + e.getMessage());
            }
        }
        return filters;
    }

    /** nimbus's reason, in the words of the protocol. */
    private static String reason(String message) {
        if (message == null) {
            return "invalid token";
        }
        if (message.contains("Expired")) {
            return "the token has expired";
        }
        if (message.contains("before use time")) {
            return "the token is not valid yet";
        }
        if (message.contains("Unsecured") || message.contains("algorithm") || message.contains("Encrypted")) {
            return "the token must be signed with HS256";
        }
        if (message.contains("signature")) {
            return "the token's signature is not valid";
        }
        if (message.contains("missing required claims")) {
            return "the token must carry sub and exp";
        }
        return "invalid token";
    }
}
