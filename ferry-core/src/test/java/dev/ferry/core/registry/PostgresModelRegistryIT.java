package dev.ferry.core.registry;

import dev.ferry.core.metadata.PostgresDatabase;
import org.junit.jupiter.api.AfterEach;

class PostgresModelRegistryIT extends ModelRegistryContract {
    private PostgresDatabase database;

    @Override
    String databaseUrl() {
        database = PostgresDatabase.create("registry");
        return database.jdbcUrl();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }
}
