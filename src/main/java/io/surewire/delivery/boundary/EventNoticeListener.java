package io.surewire.delivery.boundary;

import io.surewire.stream.boundary.EventLog;
import io.surewire.stream.entity.StreamEvent;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Receives the events committed on the other nodes of a cluster ({@link ClusterNotices}) and fans
 * them out to this node's connections and long-polls, as if committed here. An event whose payload did
 * not travel is read from the log. Notices come one at a time; one that arrives late, twice or never
 * changes nothing of the order on a connection: each connection sends the next seq it owes, reading
 * from the log what it has not been told of, and a head read every second finds what no notice told.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "java:/jms/topic/SurewireFanout"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "messageSelector", propertyValue = "kind = 'event'"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EventNoticeListener implements MessageListener {

    @Inject
    ClusterNotices notices;

    @Inject
    LocalFanout fanout;

    @Inject
    EventLog log;

    @Inject
    Logger logger;

    @Override
    public void onMessage(Message message) {
        try {
            if (notices.isOwn(message)) {
                return;
            }
            String topic = message.getStringProperty(ClusterNotices.TOPIC);
            long seq = message.getLongProperty(ClusterNotices.SEQ);
            StreamEvent event;
            if (message.getBooleanProperty(ClusterNotices.INLINE)) {
                event = new StreamEvent(topic, seq, message.getLongProperty(ClusterNotices.EPOCH),
                        message.getStringProperty(ClusterNotices.ID),
                        Instant.parse(message.getStringProperty(ClusterNotices.TS)),
                        message.getBooleanProperty(ClusterNotices.REQUIRES_ACK), ((TextMessage) message).getText());
            } else {
                List<StreamEvent> read = log.read(topic, seq - 1, seq, 1);
                if (read.isEmpty()) {
                    return;
                }
                event = read.get(0);
            }
            fanout.publish(event);
        } catch (JMSException | RuntimeException unreadable) {
            // the head read of the next second sends the event all the same
            logger.log(Level.FINE, "a notice of another node's event could not be used", unreadable);
        }
    }
}
