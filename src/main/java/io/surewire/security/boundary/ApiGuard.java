package io.surewire.security.boundary;

import io.surewire.platform.ApiErrors;
import io.surewire.security.control.Grant;
import io.surewire.security.control.TokenRefused;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.List;
import java.util.logging.Logger;

/**
 * Checks every request of the HTTP API against the {@link Access} of its resource method: no token
 * or a refused one is answered 401 {@code unauthorized}, a token that does not cover the topic, the
 * client or the operator role 403 {@code forbidden}, both before the method runs. With security off
 * only a login of the console would matter, and nothing is checked.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiGuard implements ContainerRequestFilter {

    private static final String BEARER = "bearer ";

    @Inject
    Security security;

    @Inject
    Caller caller;

    @Inject
    Logger log;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Access.Need need = need(resource.getResourceMethod());
        if (!security.enabled() || need == Access.Need.OPEN) {
            return;
        }
        if (need == Access.Need.OPERATOR && request.getSecurityContext() != null
                && request.getSecurityContext().isUserInRole(Grant.OPERATOR)) {
            return;
        }
        Grant grant;
        try {
            grant = security.verify(bearer(request));
        } catch (TokenRefused refused) {
            log.fine(() -> request.getMethod() + " " + request.getUriInfo().getPath() + " refused with 401: "
                    + refused.getMessage());
            request.abortWith(refusal(401, "unauthorized", refused.getMessage()));
            return;
        }
        String refusal = switch (need) {
            case READ -> grant.mayRead(param(request, "topic")) ? null : "the token's topics do not cover this topic";
            case PUBLISH -> grant.mayPublish(param(request, "topic")) ? null
                    : "the token's publish filters do not cover this topic";
            case CLIENT -> grant.subject().equals(param(request, "clientId")) ? null
                    : "the token's sub is not this client_id";
            case OPERATOR -> grant.isOperator() ? null : "this needs the operator role";
            case OPEN -> null;
        };
        if (refusal != null) {
            log.fine(() -> request.getMethod() + " " + request.getUriInfo().getPath() + " refused with 403 for "
                    + grant.subject() + ": " + refusal);
            request.abortWith(refusal(403, "forbidden", refusal));
        } else {
            caller.authenticated(grant);
        }
    }

    private static Access.Need need(Method method) {
        if (method == null) {
            return Access.Need.OPERATOR;
        }
        Access access = method.getAnnotation(Access.class);
        if (access == null) {
            access = method.getDeclaringClass().getAnnotation(Access.class);
        }
        return access == null ? Access.Need.OPERATOR : access.value();
    }

    /** The token of {@code Authorization: Bearer}, or {@code null}. */
    private static String bearer(ContainerRequestContext request) {
        List<String> values = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (values == null || values.size() != 1) {
            return null;
        }
        String value = values.get(0);
        return value.regionMatches(true, 0, BEARER, 0, BEARER.length()) ? value.substring(BEARER.length()).strip() : null;
    }

    private static String param(ContainerRequestContext request, String name) {
        return request.getUriInfo().getPathParameters(true).getFirst(name);
    }

    private static Response refusal(int status, String code, String message) {
        Response refusal = ApiErrors.json(status, code, message);
        return status != 401 ? refusal
                : Response.fromResponse(refusal).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"surewire\"").build();
    }
}
