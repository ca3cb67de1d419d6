package io.surewire.it;

import java.util.UUID;

/** Topic names of their own for every test, so that no test sees another's events. */
public final class Topics {

    private Topics() {
    }

    public static String unique(String purpose) {
        return "it/" + purpose + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
