package io.surewire.security.control;

/** A token the server does not accept; the message says why, and never contains the token. */
public final class TokenRefused extends Exception {

    public TokenRefused(String reason) {
        super(reason, null, false, false);
    }
}
