package dev.ferry.core.metadata;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A throw-away PostgreSQL database for integration tests: created fresh with a unique name on the
 * server at {@code FERRY_TEST_POSTGRES_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}) and dropped on {@link #close()}. When
 * the server cannot be reached it fails the test with a message saying to start it; it never skips.
 */
public final class PostgresDatabase implements AutoCloseable {
    public static final String URL_VARIABLE = "FERRY_TEST_POSTGRES_URL";
    private static final String DEFAULT_URL =
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    private final String adminUrl;
    private final String name;

    private PostgresDatabase(String adminUrl, String name) {
        this.adminUrl = adminUrl;
        this.name = name;
    }

    /** Creates a database named after {@code purpose} plus a random suffix. */
    public static PostgresDatabase create(String purpose) {
        String adminUrl = adminUrl();
        String name =
                "ferry_test_"
                        + purpose.toLowerCase().replaceAll("[^a-z0-9]", "_")
                        + "_"
                        + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = DriverManager.getConnection(adminUrl);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new AssertionError(
                    "PostgreSQL is not reachable at "
                            + adminUrl
                            + " ("
                            + e.getMessage()
                            + "). Start it (e.g. `pg_ctlcluster 15 main start`, or run .ci/run"
                            + " which starts it) or set "
                            + URL_VARIABLE
                            + " to a server where the user may create databases.",
                    e);
        }
        return new PostgresDatabase(adminUrl, name);
    }

    /** The JDBC URL of the fresh database, with the admin URL's user and options. */
    public String jdbcUrl() {
        int query = adminUrl.indexOf('?');
        String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
        String options = query < 0 ? "" : adminUrl.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + name + options;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(adminUrl);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new AssertionError(
                    "cannot drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    private static String adminUrl() {
        String url = System.getenv(URL_VARIABLE);
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }
}
