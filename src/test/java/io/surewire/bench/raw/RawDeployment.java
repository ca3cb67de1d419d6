package io.surewire.bench.raw;

import io.surewire.protocol.ServerFrames;
import org.HdrHistogram.Histogram;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * {@code raw.war}: the baseline endpoint, its queued histogram at {@code /raw/queued}, and the protocol's
 * frame classes, at the context {@code /raw}.
 */
public final class RawDeployment {

    private RawDeployment() {
    }

    public static WebArchive war() {
        return ShrinkWrap.create(WebArchive.class, "raw.war")
                .addClasses(RawBroadcastEndpoint.class, RawTopics.class, RawQueued.class, RawQueuedServlet.class)
                .addPackage(ServerFrames.class.getPackage())
                .addPackages(true, Histogram.class.getPackage());
    }
}
