package dev.ferry.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class SchemaCheckTest {
    private static final ClassLoader LOADER = SchemaCheckTest.class.getClassLoader();

    @TempDir Path tmp;

    @Test
    void findsTheMigrationVersionsOfBothDialectsOnTheClasspath() {
        assertThat(SchemaCheck.availableVersions(LOADER, "db/migration/sqlite")).contains(1, 50);
        assertThat(SchemaCheck.availableVersions(LOADER, "db/migration/postgresql"))
                .isEqualTo(SchemaCheck.availableVersions(LOADER, "db/migration/sqlite"));
        assertThat(SchemaCheck.availableVersions(LOADER, "db/migration/none")).isEmpty();
    }

    @Test
    void findsMigrationVersionsInsideAJar() throws Exception {
        Path jar = tmp.resolve("migrations.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            // Maven writes directory entries; a jar without them only makes Flyway run as usual.
            out.putNextEntry(new JarEntry("db/"));
            out.putNextEntry(new JarEntry("db/m/"));
            for (String name :
                    new String[] {"db/m/V1__first.sql", "db/m/V12__later.sql", "db/m/README"}) {
                out.putNextEntry(new JarEntry(name));
                OutputStream body = out;
                body.write("SELECT 1;".getBytes());
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(SchemaCheck.availableVersions(loader, "db/m"))
                    .containsExactlyInAnyOrder(1, 12);
        }
    }

    @Test
    void aDatabaseIsUpToDateOnlyWhenEveryMigrationWasApplied() throws Exception {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl(MetadataStores.embeddedUrl(tmp));
        assertThat(SchemaCheck.upToDate(source, LOADER, "db/migration/sqlite")).isFalse();

        MetadataStores.openEmbedded(tmp).close();
        assertThat(SchemaCheck.upToDate(source, LOADER, "db/migration/sqlite")).isTrue();

        try (var c = source.getConnection();
                var s = c.createStatement()) {
            s.execute("DELETE FROM flyway_schema_history WHERE version = '50'");
        }
        assertThat(SchemaCheck.upToDate(source, LOADER, "db/migration/sqlite")).isFalse();
    }
}
