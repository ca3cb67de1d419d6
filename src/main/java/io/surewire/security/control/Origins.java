package io.surewire.security.control;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The origins whose pages may open a WebSocket (PROTOCOL §7): those listed, and always the server's
 * own. A request without {@code Origin} comes from no browser page and is allowed.
 */
public final class Origins {

    private final Set<String> allowed;

    /** {@code list}: comma-separated origins such as {@code https://board.example.com}; empty for none. */
    public Origins(String list) {
        this.allowed = list == null ? Set.of() : Arrays.stream(list.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).map(Origins::normal).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Whether a page of {@code origin} may connect to the server that the request reached as
     * {@code host} (its {@code Host} header). The server's own origin is the one whose host and port
     * are the request's, whatever the scheme: a proxy in front may end TLS.
     */
    public boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        String normal = normal(origin);
        return allowed.contains(normal) || (host != null && authority(normal).equals(host.strip().toLowerCase(Locale.ROOT)));
    }

    private static String authority(String normalOrigin) {
        int at = normalOrigin.indexOf("://");
        return at < 0 ? normalOrigin : normalOrigin.substring(at + 3);
    }

    /** {@code scheme://host[:port]} in lower case, without the default port of the scheme. */
    static String normal(String origin) {
        try {
            URI uri = URI.create(origin.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (port == 80 && (scheme.equals("http") || scheme.equals("ws")))
                    || (port == 443 && (scheme.equals("https") || scheme.equals("wss")));
            return scheme + "://" + host + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return origin.strip().toLowerCase(Locale.ROOT); // not a URI ("null" of a sandboxed page): compared as is
        }
    }
}
