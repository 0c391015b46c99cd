package dev.ferry.core.metadata;

import dev.ferry.api.metadata.MetadataException;

/** The SQL databases the metadata store speaks; everything else in the SQL is shared. */
public enum Dialect {
    SQLITE("db/migration/sqlite", "TEXT"),
    POSTGRESQL("db/migration/postgresql", "JSON");

    private final String migrations;
    private final String jsonType;

    Dialect(String migrations, String jsonType) {
        this.migrations = migrations;
        this.jsonType = jsonType;
    }

    /** Classpath folder of this dialect's Flyway migrations. */
    public String migrations() {
        return migrations;
    }

    /** The column type JSON text is cast to when written ({@code <json>} in the SQL). */
    String jsonType() {
        return jsonType;
    }

    /** Picks the dialect from a JDBC URL. */
    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new MetadataException(
                "unsupported metadata database URL '"
                        + JdbcUrls.redact(jdbcUrl)
                        + "': expected jdbc:sqlite:<file> or jdbc:postgresql://host:port/database");
    }
}
