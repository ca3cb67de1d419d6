package io.surewire.it.hooks;

import io.surewire.security.boundary.Access;
import jakarta.annotation.Resource;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Test-only hook that reads the server's own database through its datasource: the tests' way to
 * look at what the server stored when the database lives inside the server (embedded H2).
 */
@Access(Access.Need.OPEN)
@Path("it/database")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DatabaseHooks {

    @Resource(lookup = "java:jboss/datasources/SurewireDS")
    DataSource dataSource;

    /**
     * Runs the query {@code {"sql": "SELECT ...", "parameters": [...]}} (string and number parameters)
     * and answers the first column of its first row as {@code {"number": n, "database": product}};
     * 409 when the query has no row, 400 for anything but a SELECT.
     */
    @POST
    @Path("number")
    public Response number(JsonObject query) {
        String sql = query.getString("sql");
        if (!sql.strip().toUpperCase(Locale.ROOT).startsWith("SELECT ")) {
            return error(Response.Status.BAD_REQUEST, "only a SELECT is answered: " + sql);
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            for (JsonValue parameter : query.getJsonArray("parameters")) {
                if (parameter instanceof JsonString text) {
                    statement.setString(index++, text.getString());
                } else if (parameter instanceof JsonNumber number) {
                    statement.setLong(index++, number.longValueExact());
                } else {
                    throw new IllegalArgumentException("unsupported parameter " + parameter);
                }
            }
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return error(Response.Status.CONFLICT, "no row for " + sql);
                }
                return Response.ok(Json.createObjectBuilder()
                        .add("number", rs.getLong(1))
                        .add("database", connection.getMetaData().getDatabaseProductName())
                        .build().toString()).build();
            }
        } catch (SQLException | IllegalArgumentException | ArithmeticException e) {
            return error(Response.Status.INTERNAL_SERVER_ERROR, e.getMessage());
        }
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Json.createObjectBuilder().add("error", message).build().toString()).build();
    }
}
