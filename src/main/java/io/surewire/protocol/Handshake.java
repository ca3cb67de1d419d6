package io.surewire.protocol;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The query parameters of a connection (PROTOCOL §1), validated. A request that breaks a rule is
 * refused with the close code the rule names; every parameter must appear at most once.
 */
public record Handshake(String clientId, int version, String role, String token) {

    public static final Set<String> ROLES = Set.of("frontend", "admin", "test");

    /** Thrown for a handshake the server refuses; the connection is closed with {@link #closeCode()}. */
    public static final class Refused extends RuntimeException {
        private final CloseCode closeCode;

        Refused(CloseCode closeCode, String message) {
            super(message, null, false, false);
            this.closeCode = closeCode;
        }

        public CloseCode closeCode() {
            return closeCode;
        }
    }

    public static Handshake of(Map<String, List<String>> parameters) {
        String clientId = single(parameters, "client_id", CloseCode.INVALID_CLIENT_ID).orElse(null);
        if (!Names.isClientId(clientId)) {
            throw new Refused(CloseCode.INVALID_CLIENT_ID,
                    "client_id is required: " + Names.CLIENT_ID_RULE);
        }
        String version = single(parameters, "version", CloseCode.UNSUPPORTED_VERSION).orElse("1");
        if (!version.equals(String.valueOf(ServerFrames.VERSION))) {
            throw new Refused(CloseCode.UNSUPPORTED_VERSION,
                    "version " + FrameCodec.abbreviate(version) + " is not supported; this server speaks version 1");
        }
        String role = single(parameters, "role", CloseCode.INVALID_ROLE).orElse("frontend");
        if (!ROLES.contains(role)) {
            throw new Refused(CloseCode.INVALID_ROLE, "role must be one of frontend, admin, test");
        }
        String token = single(parameters, "token", CloseCode.INVALID_TOKEN).orElse(null);
        return new Handshake(clientId, ServerFrames.VERSION, role, token);
    }

    /** Never shows the token: a handshake may be logged. */
    @Override
    public String toString() {
        return "Handshake[clientId=" + clientId + ", version=" + version + ", role=" + role + ", token="
                + (token == null ? "none" : "(redacted)") + "]";
    }

    private static Optional<String> single(Map<String, List<String>> parameters, String name, CloseCode onViolation) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new Refused(onViolation, name + " is given " + values.size() + " times");
        }
        return Optional.of(values.get(0));
    }
}
