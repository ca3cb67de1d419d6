package io.surewire.gateway.boundary;

import io.surewire.delivery.boundary.DeliveryTracker;
import io.surewire.gateway.control.ClientConnection;
import io.surewire.platform.SurewireConfig;
import io.surewire.protocol.CloseCode;
import io.surewire.protocol.ServerFrames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.logging.Logger;

/** The sweeps over the open connections that the timers trigger: heartbeats, stalls, stale state. */
@ApplicationScoped
public class ConnectionSweeps {

    @Inject
    ConnectionRegistry registry;

    @Inject
    DeliveryTracker tracker;

    @Inject
    SurewireConfig config;

    @Inject
    Logger log;

    /**
     * Pings every connection whose last ping is an interval old, closes with 4408 every one from which
     * nothing arrived for {@code missed-intervals} intervals, and with 4429 every one that has read
     * nothing of its queued frames for {@code surewire.outbound.stall-timeout-ms}.
     */
    public void heartbeat() {
        long now = System.currentTimeMillis();
        long interval = config.heartbeatIntervalMs();
        long silentLimit = interval * config.heartbeatMissedIntervals();
        for (ClientConnection connection : registry.all()) {
            if (!connection.isOpen()) {
                continue;
            }
            if (connection.stalledMillis(now) > config.outboundStallTimeoutMs()) {
                log.info(() -> "client " + connection.clientId() + " has read nothing for " + connection.stalledMillis(now)
                        + " ms with " + connection.backlog() + " frames waiting: closing with 4429");
                registry.drop(connection, CloseCode.TOO_MANY, "outbound queue stalled: the client reads nothing");
            } else if (now - connection.lastSeenMillis() > silentLimit) {
                log.info(() -> "client " + connection.clientId() + " silent for " + (now - connection.lastSeenMillis())
                        + " ms: closing with 4408");
                registry.drop(connection, CloseCode.TIMEOUT, "heartbeat timeout");
            } else if (now - connection.lastPingMillis() >= interval) {
                connection.pinged(now);
                connection.send(ServerFrames.ping(Instant.ofEpochMilli(now)));
            }
        }
    }

    /** Removes the state of connections that are gone without a close event having removed it. */
    public void removeStale() {
        registry.all().stream().filter(c -> !c.session().isOpen()).forEach(registry::forget);
        tracker.removeStale();
    }
}
