import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates and drops the PostgreSQL databases of the run and test commands, and says plainly
 * what is wrong when PostgreSQL cannot serve Surewire. Run with the source launcher:
 *
 * <pre>java -cp postgresql.jar PostgresDatabase.java (create|ensure|drop) &lt;admin-jdbc-url&gt; &lt;database&gt;</pre>
 *
 * {@code create} makes a new, empty database (failing if it exists), {@code ensure} makes it only
 * when it is missing, {@code drop} removes it even while connections are open.
 */
public class PostgresDatabase {

    public static void main(String[] args) {
        if (args.length != 3 || !args[2].matches("[a-z_][a-z0-9_]{0,62}")) {
            fail("usage: PostgresDatabase (create|ensure|drop) <admin-jdbc-url> <database, lowercase [a-z0-9_]>");
        }
        String action = args[0], adminUrl = args[1], database = args[2];
        String user = System.getProperty("user", System.getenv().getOrDefault("SUREWIRE_DB_USER", "postgres"));
        String password = System.getProperty("password", System.getenv().getOrDefault("SUREWIRE_DB_PASSWORD", ""));
        DriverManager.setLoginTimeout(5);
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            switch (action) {
                case "create" -> {
                    requirePreparedTransactions(statement, adminUrl);
                    statement.execute("CREATE DATABASE " + database);
                    System.out.println("Created PostgreSQL database " + database);
                }
                case "ensure" -> {
                    requirePreparedTransactions(statement, adminUrl);
                    if (!exists(statement, database)) {
                        statement.execute("CREATE DATABASE " + database);
                        System.out.println("Created PostgreSQL database " + database);
                    }
                }
                case "drop" -> {
                    statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                    System.out.println("Dropped PostgreSQL database " + database);
                }
                default -> fail("unknown action '" + action + "': use create, ensure or drop");
            }
        } catch (SQLException e) {
            if ("08001".equals(e.getSQLState()) || "08004".equals(e.getSQLState())) {
                fail("PostgreSQL is not reachable at " + adminUrl + " (" + e.getMessage() + ").\n"
                        + "Start it (on Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)"
                        + " or point the build at another server with -Dsurewire.it.admin-url=jdbc:postgresql://HOST:PORT/postgres");
            }
            fail("PostgreSQL refused to " + action + " database " + database + " at " + adminUrl + ": " + e.getMessage());
        }
    }

    /** Transactions that enlist both PostgreSQL and JMS commit in two phases, which PostgreSQL refuses by default. */
    private static void requirePreparedTransactions(Statement statement, String adminUrl) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SHOW max_prepared_transactions")) {
            rs.next();
            if (Integer.parseInt(rs.getString(1)) == 0) {
                fail("PostgreSQL at " + adminUrl + " has max_prepared_transactions = 0, so XA transactions"
                        + " (a database write and a JMS message in one transaction) cannot commit.\n"
                        + "Set it and restart PostgreSQL: psql -c 'ALTER SYSTEM SET max_prepared_transactions = 64'"
                        + " then restart the server (.ci/run does this for you).");
            }
        }
    }

    private static boolean exists(Statement statement, String database) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
            return rs.next();
        }
    }

    private static void fail(String message) {
        System.err.println("ERROR: " + message);
        System.exit(2);
    }
}
