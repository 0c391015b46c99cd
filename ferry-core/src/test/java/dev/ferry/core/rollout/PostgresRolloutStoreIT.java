package dev.ferry.core.rollout;

import dev.ferry.core.metadata.PostgresDatabase;
import org.junit.jupiter.api.AfterEach;

class PostgresRolloutStoreIT extends RolloutStoreContract {
    private PostgresDatabase database;

    @Override
    String databaseUrl() {
        database = PostgresDatabase.create("rollouts");
        return database.jdbcUrl();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }
}
