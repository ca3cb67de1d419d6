package io.surewire.ops.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;

/** Checks that the message broker answers and holds the publish queue. */
@ApplicationScoped
public class MessagingProbe implements Probe {

    @Resource(lookup = "java:/ConnectionFactory")
    ConnectionFactory connections;

    @Resource(lookup = "java:/jms/queue/SurewirePublish")
    Queue publishQueue;

    @Override
    public Result check() {
        long start = System.nanoTime();
        try (JMSContext context = connections.createContext();
             QueueBrowser browser = context.createBrowser(publishQueue)) {
            browser.getEnumeration().hasMoreElements();
            return new Result("messaging", true, DatabaseProbe.elapsed(start), "queue " + publishQueue.getQueueName());
        } catch (Exception e) {
            return new Result("messaging", false, DatabaseProbe.elapsed(start), e.getMessage());
        }
    }
}
