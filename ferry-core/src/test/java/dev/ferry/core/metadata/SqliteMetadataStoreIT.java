package dev.ferry.core.metadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/** The metadata store contract against an embedded SQLite file. */
class SqliteMetadataStoreIT extends MetadataStoreContract {
    private final Path home;

    SqliteMetadataStoreIT() throws IOException {
        home = Files.createTempDirectory("ferry-sqlite-it");
    }

    @Override
    String jdbcUrl() {
        return MetadataStores.embeddedUrl(home);
    }

    @AfterAll
    void deleteFiles() throws IOException {
        try (var files = Files.walk(home)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
