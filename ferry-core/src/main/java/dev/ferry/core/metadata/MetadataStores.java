package dev.ferry.core.metadata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ferry.api.metadata.MetadataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Opens the metadata store for a JDBC URL: picks the dialect, pools connections, migrates. */
public final class MetadataStores {
    /** The embedded database's file name inside {@code FERRY_HOME}. */
    public static final String EMBEDDED_FILE = "ferry.db";

    private static final int SQLITE_BUSY_TIMEOUT_MS = 30_000;

    private MetadataStores() {}

    /** The JDBC URL of the embedded SQLite database in {@code ferryHome}. */
    public static String embeddedUrl(Path ferryHome) {
        return "jdbc:sqlite:" + ferryHome.toAbsolutePath().resolve(EMBEDDED_FILE);
    }

    /** Opens (creating if needed) the embedded SQLite store in {@code ferryHome}. */
    public static JdbcMetadataStore openEmbedded(Path ferryHome) {
        return open(embeddedUrl(ferryHome));
    }

    /**
     * Opens {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://host:port/db?user=...}, applies
     * pending migrations and returns the store. Fails with a {@link MetadataException} that names
     * the database (password hidden) when it cannot be reached or migrated.
     */
    public static JdbcMetadataStore open(String jdbcUrl) {
        Dialect dialect = Dialect.of(jdbcUrl);
        HikariDataSource pool = pool(dialect, jdbcUrl);
        if (SchemaCheck.upToDate(
                pool, MetadataStores.class.getClassLoader(), dialect.migrations())) {
            return new JdbcMetadataStore(Jdbi.create(pool), dialect, new ObjectMapper(), pool);
        }
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:" + dialect.migrations())
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new MetadataException(
                    "cannot migrate the metadata database "
                            + JdbcUrls.redact(jdbcUrl)
                            + ": "
                            + e.getMessage(),
                    e);
        }
        return new JdbcMetadataStore(Jdbi.create(pool), dialect, new ObjectMapper(), pool);
    }

    private static HikariDataSource pool(Dialect dialect, String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("ferry-metadata");
        config.setInitializationFailTimeout(1);
        config.setConnectionTimeout(10_000);
        switch (dialect) {
            case SQLITE -> {
                config.setDataSource(sqlite(jdbcUrl));
                // WAL lets readers run beside the one writer SQLite allows at a time.
                config.setMaximumPoolSize(4);
            }
            case POSTGRESQL -> {
                config.setJdbcUrl(jdbcUrl);
                config.setMaximumPoolSize(8);
            }
        }
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new MetadataException(
                    "cannot reach the metadata database "
                            + JdbcUrls.redact(jdbcUrl)
                            + ": "
                            + cause.getMessage()
                            + (dialect == Dialect.POSTGRESQL
                                    ? ". Start PostgreSQL there, or point --db / FERRY_DB at a"
                                            + " reachable one"
                                    : ""),
                    e);
        }
    }

    private static SQLiteDataSource sqlite(String jdbcUrl) {
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        if (file.isEmpty() || file.contains(":memory:") || file.contains("mode=memory")) {
            throw new MetadataException(
                    "the metadata database must be a file (jdbc:sqlite:/path/ferry.db), not '"
                            + jdbcUrl
                            + "'");
        }
        Path path = Path.of(file.startsWith("file:") ? file.substring(5).split("\\?")[0] : file);
        try {
            if (path.toAbsolutePath().getParent() != null) {
                Files.createDirectories(path.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new MetadataException(
                    "cannot create the directory of the metadata database " + path + ": " + e, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL in WAL mode survives any process crash (kill -9); only a power cut may lose the
        // last commits, never consistency.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        // Writers take the lock when the transaction begins, so none fails half-way on upgrade.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(jdbcUrl);
        return source;
    }
}
