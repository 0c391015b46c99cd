package dev.ferry.core.promotion;

import dev.ferry.core.metadata.MetadataStores;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqlitePromotionStoreTest extends PromotionStoreContract {
    @TempDir Path dir;

    @Override
    String databaseUrl() {
        return MetadataStores.embeddedUrl(dir);
    }
}
