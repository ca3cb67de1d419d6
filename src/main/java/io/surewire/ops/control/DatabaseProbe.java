package io.surewire.ops.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Checks that the event log's database hands out a working connection. */
@ApplicationScoped
public class DatabaseProbe implements Probe {

    private static final int VALIDATION_TIMEOUT_SECONDS = 3;
    private static final String POOL_EXHAUSTED = "IJ000655";

    @Resource(lookup = "java:jboss/datasources/SurewireDS")
    DataSource dataSource;

    @Override
    public Result check() {
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                return new Result("database", false, elapsed(start), "connection is not valid");
            }
            String product = connection.getMetaData().getDatabaseProductName() + " "
                    + connection.getMetaData().getDatabaseProductVersion();
            return new Result("database", true, elapsed(start), product);
        } catch (SQLException | RuntimeException e) {
            if (poolExhausted(e)) {
                return new Result("database", true, true, elapsed(start), "every connection of the pool is in use");
            }
            return new Result("database", false, elapsed(start), e.getMessage());
        }
    }

    /**
     * Whether the failure is the connection pool having no connection free within its blocking
     * timeout (IronJacamar's IJ000655): the database is busy serving others, not down.
     */
    static boolean poolExhausted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(POOL_EXHAUSTED)) {
                return true;
            }
        }
        return false;
    }

    static long elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
