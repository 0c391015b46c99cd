package dev.ferry.core.promotion;

import dev.ferry.core.metadata.PostgresDatabase;
import org.junit.jupiter.api.AfterEach;

class PostgresPromotionStoreIT extends PromotionStoreContract {
    private PostgresDatabase database;

    @Override
    String databaseUrl() {
        database = PostgresDatabase.create("promotions");
        return database.jdbcUrl();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }
}
