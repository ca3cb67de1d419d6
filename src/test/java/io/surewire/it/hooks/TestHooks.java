package io.surewire.it.hooks;

import io.surewire.security.boundary.Access;
import io.surewire.stream.boundary.EventLog;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * Test-only HTTP hooks, deployed with the integration tests and never with the product: they run
 * server-side transactions that the tests could not otherwise drive from outside.
 */
@Access(Access.Need.OPEN)
@Path("it")
public class TestHooks {

    @Inject
    Appends appends;

    @Inject
    EventLog log;

    /**
     * Appends an event to {@code topic}, then commits ({@code outcome=commit}), throws
     * ({@code throw}) or marks the transaction rollback-only ({@code rollback-only}).
     */
    @POST
    @Path("append")
    public Response append(@QueryParam("topic") String topic, @QueryParam("outcome") String outcome,
                           @QueryParam("payload") String payload) {
        String json = payload == null ? "{\"hook\":true}" : payload;
        try {
            long seq = switch (outcome) {
                case "commit" -> appends.commit(topic, json);
                case "throw" -> appends.throwAfter(topic, json);
                case "rollback-only" -> appends.rollbackOnly(topic, json);
                default -> throw new IllegalArgumentException(outcome);
            };
            return Response.ok("{\"seq\":" + seq + "}").build();
        } catch (Appends.Failure expected) {
            return Response.status(409).entity("{\"rolled_back_seq\":" + expected.seq + "}").build();
        }
    }

    /** Purges the events of {@code topic} up to {@code through}, as retention would. */
    @POST
    @Path("purge")
    public Response purge(@QueryParam("topic") String topic, @QueryParam("through") long through) {
        return Response.ok("{\"purged\":" + log.purgeThrough(topic, through) + "}").build();
    }

    /** The transactions behind {@link TestHooks#append}. */
    @jakarta.enterprise.context.ApplicationScoped
    public static class Appends {

        @Inject
        EventLog log;

        @Resource
        TransactionSynchronizationRegistry transaction;

        static final class Failure extends RuntimeException {
            final long seq;

            Failure(long seq) {
                super("rolled back on purpose after taking seq " + seq);
                this.seq = seq;
            }
        }

        @Transactional
        public long commit(String topic, String payload) {
            return log.append(topic, payload, true).seq();
        }

        @Transactional
        public long throwAfter(String topic, String payload) {
            throw new Failure(log.append(topic, payload, true).seq());
        }

        @Transactional
        public long rollbackOnly(String topic, String payload) {
            long seq = log.append(topic, payload, true).seq();
            transaction.setRollbackOnly();
            return seq;
        }
    }
}
