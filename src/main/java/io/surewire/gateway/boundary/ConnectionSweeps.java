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
     * Takes the connections that are due (see {@link #nextDue}): pings one whose last ping is an interval
     * old, closes with 4408 one from which nothing arrived for {@code missed-intervals} intervals, and with
     * 4429 one that has read nothing of its queued frames for {@code surewire.outbound.stall-timeout-ms};
     * each that stays open is entered again for its next time. The connections that are not due are not
     * looked at: the work of a tick grows with the pings due, not with the connections held.
     */
    public void heartbeat() {
        long now = System.currentTimeMillis();
        long interval = config.heartbeatIntervalMs();
        long silentLimit = interval * config.heartbeatMissedIntervals();
        String ping = ServerFrames.ping(Instant.ofEpochMilli(now));
        for (ClientConnection connection : registry.dueForSweep(now)) {
            if (!connection.isOpen()) {
                continue; // closing: its close event, or the minute's cleanup, forgets it
            }
            if (connection.stalledMillis(now) > config.outboundStallTimeoutMs()) {
                log.info(() -> "client " + connection.clientId() + " has read nothing for " + connection.stalledMillis(now)
                        + " ms with " + connection.backlog() + " frames waiting: closing with 4429");
                registry.drop(connection, CloseCode.TOO_MANY, "outbound queue stalled: the client reads nothing");
                continue;
            }
            if (now - connection.lastSeenMillis() > silentLimit) {
                log.info(() -> "client " + connection.clientId() + " silent for " + (now - connection.lastSeenMillis())
                        + " ms: closing with 4408");
                registry.drop(connection, CloseCode.TIMEOUT, "heartbeat timeout");
                continue;
            }
            if (now - connection.lastPingMillis() >= interval) {
                connection.pinged(now);
                connection.send(ping);
            }
            registry.sweepAgainAt(nextDue(connection, now, interval, silentLimit), connection);
        }
    }

    /**
     * When the connection is next due: its next ping, the end of its allowed silence, and, while frames
     * wait for it, the end of their allowed stall, whichever comes first. A stall that begins later is seen
     * at the next of these, at most an interval after it began.
     */
    private long nextDue(ClientConnection connection, long now, long interval, long silentLimit) {
        long due = Math.min(connection.lastPingMillis() + interval, connection.lastSeenMillis() + silentLimit + 1);
        long stalled = connection.stalledMillis(now);
        if (connection.backlog() > 0) {
            due = Math.min(due, now - stalled + config.outboundStallTimeoutMs() + 1);
        }
        return Math.max(due, now + 1);
    }

    /** Removes the state of connections that are gone without a close event having removed it. */
    public void removeStale() {
        registry.all().stream().filter(c -> !c.session().isOpen()).forEach(registry::forget);
        tracker.removeStale();
    }
}
