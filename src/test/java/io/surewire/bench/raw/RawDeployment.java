package io.surewire.bench.raw;

import io.surewire.protocol.ServerFrames;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** {@code raw.war}: the baseline endpoint and the protocol's frame classes, at the context {@code /raw}. */
public final class RawDeployment {

    private RawDeployment() {
    }

    public static WebArchive war() {
        return ShrinkWrap.create(WebArchive.class, "raw.war")
                .addClasses(RawBroadcastEndpoint.class, RawTopics.class)
                .addPackage(ServerFrames.class.getPackage());
    }
}
