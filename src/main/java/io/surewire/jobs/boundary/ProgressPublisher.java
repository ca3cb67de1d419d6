package io.surewire.jobs.boundary;

import io.surewire.publish.boundary.InTransactionPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

/**
 * Publishes the progress of job executions on the topic {@value #TOPIC}, through Surewire itself, so
 * that any subscriber (the console, a script) can show a progress bar. A message sent during a chunk
 * joins the chunk's transaction: it is announced only once what it counts has committed.
 */
@ApplicationScoped
public class ProgressPublisher {

    public static final String TOPIC = "ops/jobs";

    @Inject
    InTransactionPublisher publisher;

    public void publish(JsonObject progress) {
        publisher.append(TOPIC, progress);
    }
}
