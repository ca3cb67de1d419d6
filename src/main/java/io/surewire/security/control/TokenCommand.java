package io.surewire.security.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a token for operators and tests:
 * {@code token.sh --sub <id> [--role frontend|admin|test|operator] [--topics f1,f2] [--publish f1,f2]
 * [--ttl PT1H]}, with the secret from {@code SUREWIRE_SECURITY_JWT_SECRET}. The token goes to standard
 * output alone, so that a script can take it: {@code TOKEN=$(token.sh --sub ops --role operator)}.
 */
public final class TokenCommand {

    private TokenCommand() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(token(args, System.getenv("SUREWIRE_SECURITY_JWT_SECRET")));
        } catch (IllegalArgumentException e) {
            System.err.println("token: " + e.getMessage());
            System.err.println("usage: token.sh --sub <client_id> [--role frontend|admin|test|operator]"
                    + " [--topics <filter>,...] [--publish <filter>,...] [--ttl <ISO-8601 duration, default PT1H>]");
            System.err.println("       with the secret in SUREWIRE_SECURITY_JWT_SECRET");
            System.exit(2);
        }
    }

    /** The token the arguments ask for, signed with {@code secret}. */
    static String token(String[] args, String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("SUREWIRE_SECURITY_JWT_SECRET is not set");
        }
        String sub = null;
        String role = "frontend";
        List<String> topics = List.of();
        List<String> publish = List.of();
        Duration ttl = Duration.ofHours(1);
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--sub" -> sub = value;
                case "--role" -> role = value;
                case "--topics" -> topics = filters(value);
                case "--publish" -> publish = filters(value);
                case "--ttl" -> ttl = duration(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (sub == null || sub.isBlank()) {
            throw new IllegalArgumentException("--sub is required");
        }
        if (!Grant.ROLES.contains(role)) {
            throw new IllegalArgumentException("--role must be one of " + String.join(", ", Grant.ROLES));
        }
        return new Tokens(secret, 0).issue(sub, role, topics, publish, ttl);
    }

    private static List<String> filters(String list) {
        List<String> filters = new ArrayList<>();
        for (String part : list.split(",")) {
            if (!part.isBlank()) {
                filters.add(new TopicFilter(part.strip()).filter());
            }
        }
        return filters;
    }

    private static Duration duration(String value) {
        try {
            Duration ttl = Duration.parse(value);
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("--ttl must be positive");
            }
            return ttl;
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("--ttl must be an ISO-8601 duration such as PT1H");
        }
    }
}
