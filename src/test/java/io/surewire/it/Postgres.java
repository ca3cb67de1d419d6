package io.surewire.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The test run's PostgreSQL database, reached directly, to look at what the server stored or to take it away. */
public final class Postgres {

    private Postgres() {
    }

    /** The JDBC URL of this run's database (the build passes it in). */
    public static String url() {
        return System.getProperty("surewire.it.jdbc-url");
    }

    public static String database() {
        String url = url();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), "postgres", "");
    }

    private static Connection admin() throws SQLException {
        String url = url();
        return DriverManager.getConnection(url.substring(0, url.lastIndexOf('/')) + "/postgres", "postgres", "");
    }

    /** The database refuses new connections and drops the open ones: to the server, it is down. */
    public static void takeDown() throws SQLException {
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + database() + " ALLOW_CONNECTIONS false");
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                    + database() + "' AND pid <> pg_backend_pid()");
        }
    }

    public static void bringBack() throws SQLException {
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + database() + " ALLOW_CONNECTIONS true");
        }
    }

    /** A single number from the database, e.g. a count. */
    public static long number(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect(); var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Whether some other session of the database waits for a lock that {@code holder} (a connection of
     * the test, in a transaction) holds: exactly the wait the test made, not any other.
     */
    public static boolean blocksAnother(Connection holder) throws SQLException {
        long pid;
        try (Statement statement = holder.createStatement(); var rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getLong(1);
        }
        return number("SELECT COUNT(*) FROM pg_stat_activity WHERE ?::int = ANY(pg_blocking_pids(pid))", pid) > 0;
    }
}
