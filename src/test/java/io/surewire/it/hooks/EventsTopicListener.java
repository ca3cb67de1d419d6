package io.surewire.it.hooks;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * An enterprise consumer of the outbound events topic, as another application would subscribe: one
 * session, so that it takes the messages in the order the topic holds them (an MDB with several
 * sessions handles messages in parallel, and in no particular order).
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "java:/jms/topic/SurewireEvents"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1")
})
public class EventsTopicListener implements MessageListener {

    @Inject
    EventsTopicRecorder recorder;

    @Override
    public void onMessage(Message message) {
        try {
            recorder.record(message.getStringProperty("topic"), JmsHooks.text(message));
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
