package dev.ferry.core.registry;

import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;

class SqliteModelRegistryTest extends ModelRegistryContract {
    @TempDir Path dir;

    @Override
    Jdbi database() {
        return RegistryDatabase.sqlite(dir);
    }
}
