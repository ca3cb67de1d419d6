package io.surewire.security.boundary;

import io.surewire.platform.ApiErrors;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * Stands before the WebSocket upgrade of {@code /ws/client} (the container's upgrade filter comes
 * after the application's): a flood of handshakes from one address gets HTTP 429, a page of an origin
 * that is not allowed HTTP 403, both before any state of a connection exists.
 */
@WebFilter(urlPatterns = "/ws/client", asyncSupported = true)
public class UpgradeGuard extends HttpFilter {

    @Inject
    Security security;

    @Inject
    Logger log;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String address = request.getRemoteAddr();
        if (!security.admitHandshake(address)) {
            log.fine(() -> "handshake from " + address + " refused with 429: over "
                    + security.handshakesPerSecond() + " handshakes per second");
            response.setHeader("Retry-After", "1");
            ApiErrors.write(response, 429, "too_many_requests", "too many handshakes from this address; try again later");
            return;
        }
        String origin = request.getHeader("Origin");
        if (!security.allowsOrigin(origin, request.getHeader("Host"))) {
            log.info(() -> "handshake from " + address + " refused with 403: origin " + origin + " is not allowed");
            ApiErrors.write(response, 403, "forbidden", "origin not allowed: " + origin);
            return;
        }
        chain.doFilter(request, response);
    }
}
