package io.surewire.gateway.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** When the application stops, every client gets {@code shutdown} and then a 1001 close. */
@ApplicationScoped
public class ShutdownNotice {

    @Inject
    Gateway gateway;

    void stopping(@Observes @BeforeDestroyed(ApplicationScoped.class) Object context) {
        gateway.shutdown();
    }
}
