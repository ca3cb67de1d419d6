package io.surewire.delivery.control;

import io.surewire.stream.entity.StreamEvent;
import io.surewire.stream.entity.TopicHead;
import java.util.Map;
import java.util.Set;

/**
 * Those on this node that wait for committed events other than the WebSocket connections (the HTTP
 * long-polls of the fallback). Delivery wakes them behind its one door after the commit, and lets them
 * catch up on its retry tick, without knowing who they are.
 */
public interface EventWaiters {

    /** An event was committed; it must return at once. */
    void wake(StreamEvent event);

    /** The topics waited on now. */
    Set<String> topics();

    /** The heads of those topics as the log has them, for an event whose notification was missed. */
    void catchUp(Map<String, TopicHead> heads);
}
