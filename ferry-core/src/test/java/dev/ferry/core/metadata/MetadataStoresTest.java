package dev.ferry.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.metadata.MetadataException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataStoresTest {
    @TempDir Path home;

    @Test
    void createsTheEmbeddedDatabaseInFerryHomeWithWriteAheadLogging() throws Exception {
        Path nested = home.resolve("project/.ferry");
        try (JdbcMetadataStore store = MetadataStores.openEmbedded(nested)) {
            assertThat(store.dialect()).isEqualTo(Dialect.SQLITE);
            String mode =
                    store.jdbi()
                            .withHandle(
                                    h ->
                                            h.createQuery("PRAGMA journal_mode")
                                                    .mapTo(String.class)
                                                    .one());
            assertThat(mode).isEqualToIgnoringCase("wal");
            Integer foreignKeys =
                    store.jdbi()
                            .withHandle(
                                    h ->
                                            h.createQuery("PRAGMA foreign_keys")
                                                    .mapTo(Integer.class)
                                                    .one());
            assertThat(foreignKeys).isEqualTo(1);
        }
        assertThat(Files.exists(nested.resolve("ferry.db"))).isTrue();
    }

    @Test
    void saysWhichDatabaseCannotBeReachedWithoutShowingItsPassword() {
        assertThatThrownBy(
                        () ->
                                MetadataStores.open(
                                        "jdbc:postgresql://127.0.0.1:1/ferry?user=u&password=secret"))
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining("cannot reach the metadata database")
                .hasMessageContaining("127.0.0.1:1/ferry")
                .hasMessageContaining("Start PostgreSQL")
                .hasMessageNotContaining("secret");
    }

    @Test
    void rejectsAnUnsupportedDatabaseUrl() {
        assertThatThrownBy(() -> MetadataStores.open("jdbc:mysql://localhost/ferry"))
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining("expected jdbc:sqlite:<file> or jdbc:postgresql://");
    }

    @Test
    void rejectsAnInMemorySqliteDatabase() {
        assertThatThrownBy(() -> MetadataStores.open("jdbc:sqlite::memory:"))
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining("must be a file");
    }

    @Test
    void hidesPasswordsInUrls() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://db/x?user=a&password=p1&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/x?user=a&password=***&ssl=true");
        assertThat(JdbcUrls.redact("jdbc:postgresql://alice:pw@db:5432/x"))
                .isEqualTo("jdbc:postgresql://alice:***@db:5432/x");
    }
}
