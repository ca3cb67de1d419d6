package io.surewire.stream.boundary;

import io.surewire.platform.SurewireConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * The retention policy: each topic keeps its last {@code surewire.retention.max-events} events and
 * those younger than {@code surewire.retention.max-age}. The log purges a prefix in a transaction
 * per topic, so what is retained is the contiguous range from the first available seq to the last.
 */
@ApplicationScoped
public class Retention {

    @Inject
    EventLog log;

    @Inject
    Topics topics;

    @Inject
    SurewireConfig config;

    @Inject
    Logger logger;

    /** Purges every topic in a transaction of its own: a topic whose purge fails is logged and left for the next time. */
    public void purgeExpired() {
        Instant before = Instant.now().minus(config.retentionMaxAge());
        for (String topic : topics.names()) {
            try {
                int purged = log.purge(topic, config.retentionMaxEvents(), before);
                if (purged > 0) {
                    logger.fine(() -> "retention purged " + purged + " events of topic " + topic);
                }
            } catch (RuntimeException failed) {
                logger.warning(() -> "retention could not purge topic " + topic + ", will try again: " + failed);
            }
        }
    }
}
