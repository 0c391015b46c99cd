package dev.ferry.core.registry;

import org.jdbi.v3.core.Jdbi;

class PostgresModelRegistryIT extends ModelRegistryContract {
    @Override
    Jdbi database() {
        return RegistryDatabase.postgres();
    }
}
