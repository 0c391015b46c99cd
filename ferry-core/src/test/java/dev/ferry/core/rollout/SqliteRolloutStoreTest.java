package dev.ferry.core.rollout;

import dev.ferry.core.metadata.MetadataStores;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteRolloutStoreTest extends RolloutStoreContract {
    @TempDir Path dir;

    @Override
    String databaseUrl() {
        return MetadataStores.embeddedUrl(dir);
    }
}
