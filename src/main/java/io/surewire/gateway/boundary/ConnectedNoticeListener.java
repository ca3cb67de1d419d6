package io.surewire.gateway.boundary;

import io.surewire.delivery.boundary.ClusterNotices;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Receives, in a cluster, the new connections of the other nodes ({@link ClusterNotices}): an older
 * connection of the same client here is closed with 4409, as on one node.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "java:/jms/topic/SurewireFanout"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "messageSelector", propertyValue = "kind = 'connected'"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ConnectedNoticeListener implements MessageListener {

    @Inject
    ClusterNotices notices;

    @Inject
    ConnectionRegistry registry;

    @Inject
    Logger log;

    @Override
    public void onMessage(Message message) {
        try {
            if (!notices.isOwn(message)) {
                registry.connectedElsewhere(message.getStringProperty(ClusterNotices.CLIENT_ID),
                        Instant.parse(message.getStringProperty(ClusterNotices.AT)));
            }
        } catch (JMSException | RuntimeException unreadable) {
            log.log(Level.FINE, "a notice of another node's connection could not be used", unreadable);
        }
    }
}
