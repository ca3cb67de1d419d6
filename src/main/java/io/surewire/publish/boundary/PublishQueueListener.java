package io.surewire.publish.boundary;

import io.surewire.platform.SurewireConfig;
import io.surewire.publish.control.JmsPublication;
import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * Consumes {@code java:/jms/queue/SurewirePublish}: each text message is appended in the transaction
 * that receives it. When the append fails (the database restarting) the transaction rolls back and
 * the broker delivers the message again after a growing delay (see {@code configure-server.cli}), so
 * an outage of minutes loses nothing; with an {@code idempotency_key} a redelivered message is
 * appended once. A message that is no publish request, or whose payload is over
 * {@code surewire.publish.max-payload-bytes}, is poison: it is moved to the dead-letter queue at once,
 * in the same transaction, with the reason in its {@code surewire_refusal} property.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "java:/jms/queue/SurewirePublish"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue")
})
public class PublishQueueListener implements MessageListener {

    static final String REFUSAL = "surewire_refusal";

    @Inject
    IdempotentAppender appender;

    @Inject
    SurewireConfig config;

    @Inject
    JMSContext jms;

    @Resource(lookup = "java:/jms/queue/DLQ")
    Queue deadLetters;

    @Inject
    Logger log;

    @Override
    public void onMessage(Message message) {
        String text = null;
        JmsPublication publication;
        try {
            text = message instanceof TextMessage textMessage ? textMessage.getText() : null;
            publication = JmsPublication.parse(text);
            int bytes = publication.payload().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > config.maxPayloadBytes()) {
                throw new IllegalArgumentException("the payload has " + bytes + " bytes, more than "
                        + config.maxPayloadBytes());
            }
        } catch (JMSException | IllegalArgumentException poison) {
            deadLetter(message, text, poison.getMessage());
            return;
        }
        appender.append(publication.topic(), publication.payload(), publication.requiresAck(), publication.key());
    }

    private void deadLetter(Message message, String text, String reason) {
        log.warning(() -> "refusing JMS message " + id(message) + ", moved to the DLQ: " + reason);
        jms.createProducer().setProperty(REFUSAL, reason).send(deadLetters, text == null ? "" : text);
    }

    private static String id(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return "?";
        }
    }
}
