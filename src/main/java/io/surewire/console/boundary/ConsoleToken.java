package io.surewire.console.boundary;

import io.surewire.platform.ApiErrors;
import io.surewire.platform.SurewireConfig;
import io.surewire.protocol.JsonBuilders;
import io.surewire.protocol.Names;
import io.surewire.security.boundary.Security;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /console/token?client_id=}: for a page of the console, behind its login, a short-lived
 * token that may subscribe to {@code ops/jobs} and nothing else, so that the Jobs page follows the jobs'
 * progress as a Surewire subscriber like any other. With security off: {@code {"token":null}}.
 */
@WebServlet("/console/token")
public class ConsoleToken extends HttpServlet {

    static final String PROGRESS_TOPIC = "ops/jobs";

    @Inject
    Security security;

    @Inject
    SurewireConfig config;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String clientId = request.getParameter("client_id");
        response.setHeader("Cache-Control", "no-store");
        if (!Names.isClientId(clientId)) {
            ApiErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, "bad_request",
                    "client_id is required: " + Names.CLIENT_ID_RULE);
            return;
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        Instant expires = Instant.now().plus(config.consoleTokenLifetime());
        JsonObject answer = security.issue(clientId, "frontend", List.of(PROGRESS_TOPIC), List.of(), config.consoleTokenLifetime())
                .map(token -> JsonBuilders.object().add("token", token).add("expires_at", expires.toString()).build())
                .orElseGet(() -> JsonBuilders.object().addNull("token").build());
        response.getWriter().write(answer.toString());
    }
}
