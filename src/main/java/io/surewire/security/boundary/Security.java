package io.surewire.security.boundary;

import io.surewire.platform.SurewireConfig;
import io.surewire.security.control.Grant;
import io.surewire.security.control.HandshakeRate;
import io.surewire.security.control.Origins;
import io.surewire.security.control.TokenRefused;
import io.surewire.security.control.Tokens;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The security settings in force (PROTOCOL §7): whether tokens are checked, with which secret, and
 * the origin and handshake limits of WebSocket upgrades. {@link SecuritySettings} makes sure at
 * deployment that a server with security on has a usable secret.
 */
@ApplicationScoped
public class Security {

    @Inject
    SurewireConfig config;

    @Inject
    Logger log;

    private boolean enabled;
    private Tokens tokens;
    private Origins origins;
    private HandshakeRate handshakes;

    @PostConstruct
    void init() {
        enabled = config.securityEnabled();
        int leeway = config.clockLeewaySeconds();
        if (leeway > Tokens.MAX_LEEWAY_SECONDS || leeway < 0) {
            log.warning(() -> "surewire.security.jwt.clock-leeway-seconds=" + leeway + " is outside 0-"
                    + Tokens.MAX_LEEWAY_SECONDS + ": using " + Tokens.MAX_LEEWAY_SECONDS);
        }
        int usedLeeway = leeway < 0 || leeway > Tokens.MAX_LEEWAY_SECONDS ? Tokens.MAX_LEEWAY_SECONDS : leeway;
        problem(enabled, config.jwtSecret()).ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
        tokens = config.jwtSecret().filter(secret -> problem(true, Optional.of(secret)).isEmpty())
                .map(secret -> new Tokens(secret, usedLeeway)).orElse(null);
        origins = new Origins(config.allowedOrigins());
        handshakes = new HandshakeRate(config.handshakesPerSecond(), config.handshakeBurst(), config.handshakeAddresses());
        if (!enabled) {
            log.warning("SECURITY IS OFF (surewire.security.enabled=false): every client may subscribe and publish"
                    + " anywhere, and the operations endpoints are open. Never run it so where others can connect.");
        }
    }

    /**
     * Why the server cannot run with these settings: security on and no secret, or one shorter than
     * HS256 needs; empty when it can.
     */
    static Optional<String> problem(boolean enabled, Optional<String> secret) {
        if (!enabled) {
            return Optional.empty();
        }
        if (secret.isEmpty() || secret.get().isBlank()) {
            return Optional.of("security is on (surewire.security.enabled) but no secret is set: give"
                    + " SUREWIRE_SECURITY_JWT_SECRET (or surewire.security.jwt.secret) at least " + Tokens.MIN_SECRET_BYTES
                    + " bytes, or turn security off with SUREWIRE_SECURITY_ENABLED=false");
        }
        int bytes = secret.get().getBytes(StandardCharsets.UTF_8).length;
        if (bytes < Tokens.MIN_SECRET_BYTES) {
            return Optional.of("surewire.security.jwt.secret (SUREWIRE_SECURITY_JWT_SECRET) is unusable: the secret has "
                    + bytes + " bytes (UTF-8); HS256 needs at least " + Tokens.MIN_SECRET_BYTES);
        }
        return Optional.empty();
    }

    public boolean enabled() {
        return enabled;
    }

    /** What {@code token} lets its holder do; {@link TokenRefused} for a missing or refused one, or no secret. */
    public Grant verify(String token) throws TokenRefused {
        if (tokens == null) {
            throw new TokenRefused("this server has no secret to check tokens with");
        }
        return tokens.verify(token);
    }

    /**
     * A token for {@code subject} with these filters, valid for {@code lifetime}; empty when security
     * is off (nobody needs one) or no secret is set.
     */
    public Optional<String> issue(String subject, String role, List<String> topics, List<String> publish,
                                  Duration lifetime) {
        return enabled && tokens != null ? Optional.of(tokens.issue(subject, role, topics, publish, lifetime))
                : Optional.empty();
    }

    /** Whether a browser page of {@code origin} may open a WebSocket to this server, reached as {@code host}. */
    public boolean allowsOrigin(String origin, String host) {
        return origins.allows(origin, host);
    }

    /** Whether {@code address} may start another WebSocket handshake now. */
    public boolean admitHandshake(String address) {
        return handshakes.admit(address, System.currentTimeMillis());
    }

    public double handshakesPerSecond() {
        return config.handshakesPerSecond();
    }
}
