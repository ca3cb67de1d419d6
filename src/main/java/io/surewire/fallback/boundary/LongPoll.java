package io.surewire.fallback.boundary;

import io.surewire.delivery.control.EventFrames;
import io.surewire.delivery.control.EventWaiters;
import io.surewire.platform.ApiErrors;
import io.surewire.platform.Failures;
import io.surewire.platform.SurewireConfig;
import io.surewire.protocol.ErrorCode;
import io.surewire.protocol.ServerFrames;
import io.surewire.protocol.ServerFrames.ResetReason;
import io.surewire.stream.boundary.EventLog;
import io.surewire.stream.entity.StreamEvent;
import io.surewire.stream.entity.TopicHead;
import io.surewire.stream.entity.TopicState;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Long-polls waiting for a topic's next events. A waiting poll is a suspended {@link AsyncResponse}
 * and an entry in a map: no thread waits. A committed event wakes the polls of its topic, which read
 * from the log on the executor and answer.
 */
@ApplicationScoped
public class LongPoll implements EventWaiters {

    private static final int RETRY_AFTER_SECONDS = 1;

    @Inject
    EventLog log;

    @Inject
    Logger logger;

    @Resource(lookup = "java:jboss/ee/concurrency/executor/surewire")
    ManagedExecutorService executor;

    @Inject
    SurewireConfig config;

    private final Map<String, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger waitingNow = new AtomicInteger();

    /** One suspended poll. */
    private final class Waiter {
        final String topic;
        final long since;
        final int limit;
        final AsyncResponse response;
        final AtomicBoolean answered = new AtomicBoolean();

        Waiter(String topic, long since, int limit, AsyncResponse response) {
            this.topic = topic;
            this.since = since;
            this.limit = limit;
            this.response = response;
        }

        void answer(Response answer) {
            if (answered.compareAndSet(false, true)) {
                forget();
                response.resume(answer);
            }
        }

        void forget() {
            waiting.computeIfPresent(topic, (t, set) -> {
                if (set.remove(this)) {
                    waitingNow.decrementAndGet();
                }
                return set.isEmpty() ? null : set;
            });
        }
    }

    /**
     * Answers at once when there are events after {@code since} (or when {@code waitSeconds} is 0),
     * else when the next event of the topic commits, or with no event after {@code waitSeconds}. At
     * most {@code surewire.poll.max-waiting} polls wait at once: one more is answered 503
     * {@code unavailable} with {@code Retry-After} at once.
     */
    public void poll(String topic, long since, int limit, int waitSeconds, AsyncResponse response) {
        Waiter waiter = new Waiter(topic, since, limit, response);
        if (waitSeconds > 0) {
            if (waitingNow.incrementAndGet() > config.pollMaxWaiting()) {
                waitingNow.decrementAndGet();
                response.resume(Response.fromResponse(ApiErrors.json(503, ErrorCode.UNAVAILABLE.wire(),
                                "too many long-polls are waiting; try again in " + RETRY_AFTER_SECONDS + " s"))
                        .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                        .build());
                return;
            }
            // registered before the first read, so that an event committed meanwhile wakes it
            waiting.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(waiter);
            // the timeout comes on a container thread: the read goes to the executor
            response.setTimeoutHandler(timedOut -> executor.execute(() -> read(waiter, true)));
            response.setTimeout(waitSeconds, TimeUnit.SECONDS);
        }
        executor.execute(() -> read(waiter, waitSeconds == 0));
    }

    /** Wakes the polls of the event's topic that wait for it. */
    @Override
    public void wake(StreamEvent event) {
        wake(event.topic(), event.seq());
    }

    /** The topics that have a waiting poll. */
    @Override
    public Set<String> topics() {
        return Set.copyOf(waiting.keySet());
    }

    /** Wakes the polls that wait for events up to a head read from the log: events no live notification announced. */
    @Override
    public void catchUp(Map<String, TopicHead> heads) {
        heads.values().forEach(head -> wake(head.topic(), head.lastSeq()));
    }

    /** Has the polls of {@code topic} that wait below {@code seq} read the log and answer. */
    private void wake(String topic, long seq) {
        Set<Waiter> set = waiting.get(topic);
        if (set != null) {
            set.stream().filter(w -> w.since < seq).forEach(w -> executor.execute(() -> read(w, false)));
        }
    }

    public int waitingCount() {
        return waitingNow.get();
    }

    private void read(Waiter waiter, boolean evenIfEmpty) {
        if (waiter.answered.get()) {
            return;
        }
        try {
            TopicState state = log.state(waiter.topic);
            Optional<ResetReason> unserved = state.resetFor(waiter.since);
            if (unserved.isPresent()) {
                waiter.answer(reset(state, unserved.get()));
            } else {
                List<StreamEvent> events = log.read(waiter.topic, waiter.since, waiter.since + waiter.limit, waiter.limit);
                if (!events.isEmpty() || evenIfEmpty) {
                    waiter.answer(events(events, state));
                }
            }
        } catch (RuntimeException e) {
            logger.log(Level.WARNING, "long-poll of " + waiter.topic + " failed: " + e);
            waiter.answer(ApiErrors.json(Failures.isUnavailable(e) ? 503 : 500, Failures.errorCode(e).wire(),
                    Failures.describe(e)));
        }
    }

    /** {@code {"events":[...],"last_seq":N}}, each event as the WebSocket {@code event} frame carries it. */
    private static Response events(List<StreamEvent> events, TopicState state) {
        long lastSeq = events.isEmpty() ? state.lastSeq() : Math.max(state.lastSeq(), events.get(events.size() - 1).seq());
        String body = events.stream()
                .map(e -> EventFrames.event(e, 0))
                .collect(Collectors.joining(",", "{\"events\":[", "],\"last_seq\":" + lastSeq + "}"));
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The {@code reset} frame's object, with the {@code code} and {@code message} every HTTP error has. */
    private static Response reset(TopicState state, ResetReason reason) {
        String frame = ServerFrames.reset(state.topic(), state.epoch(), state.lastSeq(), state.firstAvailableSeq(),
                reason, null);
        String message = reason == ResetReason.RETENTION
                ? "the events after since are no longer retained: reload the state and continue after last_seq"
                : "since is beyond this topic's history: reload the state and continue after last_seq";
        String body = frame.substring(0, frame.length() - 1) + ",\"code\":\"reset\",\"message\":\"" + message + "\"}";
        return Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
