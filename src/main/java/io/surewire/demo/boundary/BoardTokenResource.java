package io.surewire.demo.boundary;

import io.surewire.platform.ApiError;
import io.surewire.platform.SurewireConfig;
import io.surewire.protocol.JsonBuilders;
import io.surewire.protocol.Names;
import io.surewire.security.boundary.Access;
import io.surewire.security.boundary.Security;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/**
 * {@code GET /api/board/token?client_id=}: a short-lived token for the board page, which may
 * subscribe to the board's topics and nothing else ({@code surewire.board.token.*}). The pattern of an application that hands its
 * users tokens: its own endpoint, behind its own login (the demo board has none), gives each page a
 * token for its client_id and the topics it shows; the page asks again before every reconnect.
 * With security off: {@code {"token":null}}.
 */
@Path("board/token")
@Access(Access.Need.OPEN)
@Produces(MediaType.APPLICATION_JSON)
public class BoardTokenResource {

    @Inject
    Security security;

    @Inject
    SurewireConfig config;

    @GET
    public JsonObject token(@QueryParam("client_id") String clientId) {
        if (!Names.isClientId(clientId)) {
            throw ApiError.badRequest("client_id is required: " + Names.CLIENT_ID_RULE);
        }
        Instant expires = Instant.now().plus(config.boardTokenLifetime());
        return security.issue(clientId, "frontend", config.boardTokenTopics(), config.boardTokenPublish(),
                        config.boardTokenLifetime())
                .map(token -> JsonBuilders.object().add("token", token).add("expires_at", expires.toString()).build())
                .orElseGet(() -> JsonBuilders.object().addNull("token").build());
    }
}
