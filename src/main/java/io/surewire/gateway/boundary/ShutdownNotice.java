package io.surewire.gateway.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.Set;

/**
 * When the application stops, every client gets {@code shutdown} and then a 1001 close. The
 * WebSocket container closes every session from a servlet context listener of its own; listeners
 * are told of the end in the reverse order of their registration, so this one is registered last,
 * by {@link Registration}, to run while the sessions are still open.
 */
public class ShutdownNotice implements ServletContextListener {

    @Inject
    Gateway gateway;

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        gateway.shutdown();
    }

    /** Registers the notice once the container's own listeners are in place. */
    public static class Registration implements ServletContainerInitializer {

        @Override
        public void onStartup(Set<Class<?>> classes, ServletContext context) {
            context.addListener(ShutdownNotice.class);
        }
    }
}
