package io.surewire.delivery.boundary;

import io.surewire.platform.SurewireConfig;
import io.surewire.stream.control.EventCommitted;
import io.surewire.stream.control.StreamEvent;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Topic;

/**
 * Sends every event to the JMS topic {@code java:/jms/topic/SurewireEvents} inside the transaction that
 * appends it: consumers get the message when, and only when, that transaction commits. The message is
 * the event as a WebSocket {@code event} frame, with the properties {@code topic}, {@code seq} and
 * {@code epoch} for selectors. Off with {@code surewire.jms.events.enabled=false}.
 */
@ApplicationScoped
public class JmsEventsRelay {

    @Inject
    @JMSConnectionFactory("java:/JmsXA")
    JMSContext jms;

    @Resource(lookup = "java:/jms/topic/SurewireEvents")
    Topic events;

    @Inject
    SurewireConfig config;

    void appended(@Observes EventCommitted appended) {
        if (!config.jmsEventsEnabled()) {
            return;
        }
        StreamEvent event = appended.event();
        jms.createProducer()
                .setProperty("topic", event.topic())
                .setProperty("seq", event.seq())
                .setProperty("epoch", event.epoch())
                .send(events, event.frame(0));
    }
}
