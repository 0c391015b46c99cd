package dev.ferry.core.registry;

import dev.ferry.core.metadata.MetadataStores;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteModelRegistryTest extends ModelRegistryContract {
    @TempDir Path dir;

    @Override
    String databaseUrl() {
        return MetadataStores.embeddedUrl(dir);
    }
}
