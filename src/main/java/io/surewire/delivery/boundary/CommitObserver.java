package io.surewire.delivery.boundary;

import io.surewire.delivery.control.DeliveryStatistics;
import io.surewire.delivery.control.Fanout;
import io.surewire.stream.entity.EventCommitted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * The one place a committed event enters delivery: after its transaction succeeded, never before; on
 * this node's connections, then the other nodes' of a cluster.
 */
@ApplicationScoped
public class CommitObserver {

    @Inject
    Fanout fanout;

    @Inject
    DeliveryStatistics statistics;

    @Inject
    JmsEventsRelay relay;

    @Inject
    ClusterNotices cluster;

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventCommitted committed) {
        statistics.committed();
        fanout.publish(committed.event());
        cluster.committed(committed.event());
        relay.committed(committed.event().topic());
    }
}
