package io.surewire.gateway.control;

import io.surewire.protocol.ClientFrame;
import java.util.List;

/** What becomes of a connection's publishes: committed in batches from its lane, in order, or refused. */
public interface Publishing {

    /** Commits the publishes that waited in the connection's lane, in the order the client sent them. */
    void commit(ClientConnection connection, List<ClientFrame.Publish> batch);

    /** Answers a publish that will not be committed: its lane or the publish pool was full. */
    void refuse(ClientConnection connection, ClientFrame.Publish publish);
}
