package io.surewire.platform;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.Session;

/**
 * How EclipseLink meets a lost database connection. By itself it tries a failed query again up to 3
 * times, 5 s apart, inside the caller's request: a publish that leads its topic's group commit would
 * hold every publish of the topic behind it for up to 15 s per query while the database is away. Here
 * the pool validates each connection it hands out, and every caller of Surewire answers
 * {@code unavailable} and is tried again by its publisher, its timer or its redelivery; so by default
 * a query is not tried again ({@code surewire.db.query-retries}, {@code surewire.db.query-retry-delay-ms}).
 */
public class DatabaseSession implements SessionCustomizer {

    static final String QUERY_RETRIES = "surewire.db.query-retries";
    static final String QUERY_RETRY_DELAY_MS = "surewire.db.query-retry-delay-ms";

    @Override
    public void customize(Session session) {
        Config config = ConfigProvider.getConfig(DatabaseSession.class.getClassLoader());
        if (session.getDatasourceLogin() instanceof DatabaseLogin login) {
            login.setQueryRetryAttemptCount(config.getOptionalValue(QUERY_RETRIES, Integer.class).orElse(0));
            login.setDelayBetweenConnectionAttempts(
                    config.getOptionalValue(QUERY_RETRY_DELAY_MS, Integer.class).orElse(1000));
        }
    }
}
