package io.surewire.publish.boundary;

import io.surewire.publish.control.JmsPublication;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.util.logging.Logger;

/**
 * Consumes {@code java:/jms/queue/SurewirePublish}: each text message is appended in the transaction
 * that receives it. When anything fails the transaction rolls back and the message comes again; after
 * five attempts it goes to the dead-letter queue. With an {@code idempotency_key} a redelivered
 * message is appended once.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "java:/jms/queue/SurewirePublish"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue")
})
public class PublishQueueListener implements MessageListener {

    @Inject
    Appender appender;

    @Inject
    Logger log;

    @Override
    public void onMessage(Message message) {
        JmsPublication publication;
        try {
            publication = JmsPublication.parse(message instanceof TextMessage text ? text.getText() : null);
        } catch (JMSException | IllegalArgumentException poison) {
            log.warning(() -> "refusing JMS message " + id(message) + " (it goes to the DLQ after its last attempt): "
                    + poison.getMessage());
            throw new IllegalArgumentException(poison.getMessage(), poison);
        }
        appender.append(publication.topic(), publication.payload(), publication.requiresAck(), publication.key());
    }

    private static String id(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return "?";
        }
    }
}
