package io.surewire.it;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.SQLException;

/**
 * The database the server under test stores into, read by the tests to check what it stored. The
 * build says which one it is in {@code surewire.it.db}: on PostgreSQL the tests connect to it
 * directly ({@link Postgres}); embedded H2 lives inside the server, so there the query goes through
 * the test hook {@link io.surewire.it.hooks.DatabaseHooks} and the server's own datasource.
 */
public final class Database {

    private Database() {
    }

    /** Whether this run's server uses the embedded H2 database of the quick start. */
    public static boolean isH2() {
        return "h2".equals(System.getProperty("surewire.it.db", "postgresql"));
    }

    /**
     * A single number from the database, e.g. a count; {@code base} is the deployment, which must
     * have the test hooks ({@link Deployments#withHooks}) when the database is H2.
     */
    public static long number(URL base, String sql, Object... parameters) throws SQLException {
        if (!isH2()) {
            return Postgres.number(sql, parameters);
        }
        JsonArrayBuilder values = Json.createArrayBuilder();
        for (Object parameter : parameters) {
            if (parameter instanceof Number number) {
                values.add(number.longValue());
            } else {
                values.add(parameter.toString());
            }
        }
        String query = Json.createObjectBuilder().add("sql", sql).add("parameters", values).build().toString();
        HttpResponse<String> response = Endpoints.post(base, "/api/it/database/number", query);
        if (response.statusCode() != 200) {
            throw new SQLException("the server's database did not answer " + sql + ": " + response.statusCode()
                    + " " + response.body());
        }
        JsonObject answer = Hooks.json(response.body());
        if (!"H2".equals(answer.getString("database"))) {
            throw new IllegalStateException("the run is meant to be on H2, but the server's database is "
                    + answer.getString("database"));
        }
        return answer.getJsonNumber("number").longValue();
    }
}
