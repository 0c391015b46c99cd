package dev.ferry.core.metadata;

import org.junit.jupiter.api.AfterAll;

/** The metadata store contract against a real PostgreSQL, in a database of its own. */
class PostgresMetadataStoreIT extends MetadataStoreContract {
    private final PostgresDatabase database = PostgresDatabase.create("metadata_store");

    @Override
    String jdbcUrl() {
        return database.jdbcUrl();
    }

    @AfterAll
    void dropDatabase() {
        database.close();
    }
}
