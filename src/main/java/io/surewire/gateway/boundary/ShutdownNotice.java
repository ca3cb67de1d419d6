package io.surewire.gateway.boundary;

import io.surewire.platform.SurewireConfig;
import io.surewire.protocol.ServerFrames;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * When the application stops, every client gets {@code shutdown} and then a 1001 close. The
 * WebSocket container closes every session from a servlet context listener of its own; listeners
 * are told of the end in the reverse order of their registration, so this one is registered last,
 * by {@link Registration}, to run while the sessions are still open.
 */
public class ShutdownNotice implements ServletContextListener {

    @Inject
    ConnectionRegistry registry;

    @Inject
    SurewireConfig config;

    @Inject
    Logger log;

    /**
     * Tells every client the server is going down, waits up to {@code surewire.shutdown.grace} for the
     * notices to be written, then closes with 1001.
     */
    @Override
    public void contextDestroyed(ServletContextEvent event) {
        var connections = registry.all();
        log.info(() -> "shutting down: notifying " + connections.size() + " clients");
        String notice = ServerFrames.shutdown(config.shutdownReconnectAfterMs());
        CompletableFuture<?>[] written = connections.stream().map(c -> {
            c.send(notice);
            return c.closeAfterWrites();
        }).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(written).get(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.info(() -> "not every client took the shutdown notice within " + config.shutdownGrace());
        }
    }

    /** Registers the notice once the container's own listeners are in place. */
    public static class Registration implements ServletContainerInitializer {

        @Override
        public void onStartup(Set<Class<?>> classes, ServletContext context) {
            context.addListener(ShutdownNotice.class);
        }
    }
}
