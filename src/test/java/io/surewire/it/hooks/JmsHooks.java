package io.surewire.it.hooks;

import io.surewire.security.boundary.Access;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Collections;
import java.util.Enumeration;

/** Test-only hooks for JMS: send to the publish queue, look into the DLQ, read what the events topic carried. */
@Access(Access.Need.OPEN)
@Path("it/jms")
@Produces(MediaType.APPLICATION_JSON)
public class JmsHooks {

    @Resource(lookup = "java:/ConnectionFactory")
    ConnectionFactory connections;

    @Resource(lookup = "java:/jms/queue/SurewirePublish")
    Queue publishQueue;

    @Resource(lookup = "java:/jms/queue/DLQ")
    Queue deadLetters;

    @Inject
    EventsTopicRecorder recorder;

    /** Sends the body as a text message to the publish queue. */
    @POST
    @Path("send")
    public Response send(String text) {
        try (JMSContext context = connections.createContext()) {
            context.createProducer().send(publishQueue, text);
        }
        return Response.accepted().build();
    }

    /** The texts of the DLQ's messages that contain {@code marker}. */
    @GET
    @Path("dlq")
    public String deadLetters(@QueryParam("marker") String marker) throws JMSException {
        JsonArrayBuilder found = Json.createArrayBuilder();
        try (JMSContext context = connections.createContext(); QueueBrowser browser = context.createBrowser(deadLetters)) {
            Enumeration<?> messages = browser.getEnumeration();
            for (Object message : Collections.list(messages)) {
                if (message instanceof TextMessage text && text.getText() != null && text.getText().contains(marker)) {
                    found.add(text.getText());
                }
            }
        }
        return found.build().toString();
    }

    /** The bodies the events topic delivered for {@code topic}, in the order they came. */
    @GET
    @Path("events")
    public String events(@QueryParam("topic") String topic) {
        JsonArrayBuilder bodies = Json.createArrayBuilder();
        recorder.of(topic).forEach(bodies::add);
        return bodies.build().toString();
    }

    static String text(Message message) {
        try {
            return message.getBody(String.class);
        } catch (JMSException e) {
            return null;
        }
    }
}
