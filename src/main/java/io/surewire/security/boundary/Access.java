package io.surewire.security.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a resource method of the HTTP API needs from its caller (PROTOCOL §7); {@link ApiGuard}
 * checks it before the method runs. A method without it, on a class without it, needs an operator.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Access {

    Need value();

    enum Need {
        /** Anyone, without a token. */
        OPEN,
        /** A token whose {@code topics} cover the path's {@code topic}. */
        READ,
        /** A token whose {@code publish} covers the path's {@code topic}. */
        PUBLISH,
        /** A token whose {@code sub} is the path's {@code clientId}. */
        CLIENT,
        /** A token with role {@code operator}, or a login in the {@code operator} role. */
        OPERATOR
    }
}
