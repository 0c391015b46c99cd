package dev.ferry.core.registry;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/** Fresh, migrated registry databases for tests: a SQLite file or a new PostgreSQL database. */
final class RegistryDatabase {
    static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";

    private RegistryDatabase() {}

    static Jdbi sqlite(Path dir) {
        String url = "jdbc:sqlite:" + dir.resolve("ferry.db");
        migrate(url, "", "sqlite");
        return Jdbi.create(url);
    }

    /** Creates a new database on the local PostgreSQL; fails, never skips, if it is not there. */
    static Jdbi postgres() {
        String name = "ferry_registry_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin =
                DriverManager.getConnection(POSTGRES + "postgres", "postgres", "")) {
            admin.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new AssertionError(
                    "PostgreSQL must run on 127.0.0.1:5432 with user 'postgres' (trust auth) for"
                            + " this test; start it (e.g. 'service postgresql start'): "
                            + e.getMessage(),
                    e);
        }
        migrate(POSTGRES + name, "postgres", "postgresql");
        return Jdbi.create(POSTGRES + name, "postgres", "");
    }

    private static void migrate(String url, String user, String dialect) {
        Flyway.configure()
                .dataSource(url, user, "")
                .locations("classpath:db/migration/" + dialect)
                .load()
                .migrate();
    }
}
