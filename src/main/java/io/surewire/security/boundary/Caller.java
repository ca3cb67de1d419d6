package io.surewire.security.boundary;

import io.surewire.security.control.Grant;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/** Who sent the HTTP request under way: the grant of its token, once {@link ApiGuard} has checked it. */
@RequestScoped
public class Caller {

    private Grant grant;

    void authenticated(Grant grant) {
        this.grant = grant;
    }

    /** The token's {@code sub}; empty with security off, or on an open endpoint. */
    public Optional<String> subject() {
        return Optional.ofNullable(grant).map(Grant::subject);
    }
}
