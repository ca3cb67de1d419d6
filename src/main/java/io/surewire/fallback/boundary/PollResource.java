package io.surewire.fallback.boundary;

import io.surewire.platform.RequestParameters;
import io.surewire.platform.SurewireConfig;
import io.surewire.protocol.FrameCodec;
import io.surewire.security.boundary.Access;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/v1/topics/{topic}/events} (PROTOCOL §6), the fallback long-poll: events after
 * {@code since}, at most {@code limit}, waiting up to {@code wait} seconds when there is none yet. The
 * request holds no thread while it waits. The class's path is the topic's, as publishing's
 * {@code TopicResource} has it: RESTEasy matches the methods of both, by path and HTTP method, as one
 * resource (a path of its own would take {@code POST …/events} away from the publish).
 */
@Path("v1/topics/{topic: .+}")
@Produces(MediaType.APPLICATION_JSON)
public class PollResource {

    @Inject
    LongPoll longPoll;

    @Inject
    SurewireConfig config;

    @GET
    @Path("events")
    @Access(Access.Need.READ)
    public void poll(@PathParam("topic") String topic, @QueryParam("since") String since,
                     @QueryParam("limit") String limit, @QueryParam("wait") String wait,
                     @Suspended AsyncResponse response) {
        RequestParameters.topic(topic);
        long after = RequestParameters.wholeNumber("since", since, 0, 0, FrameCodec.MAX_NUMBER);
        int most = (int) RequestParameters.wholeNumber("limit", limit, 100, 1, config.pollMaxLimit());
        int seconds = (int) RequestParameters.wholeNumber("wait", wait, 0, 0, config.pollMaxWaitSeconds());
        longPoll.poll(topic, after, most, seconds, response);
    }
}
