package dev.ferry.core.metadata;

import static dev.ferry.core.metadata.Records.T0;
import static dev.ferry.core.metadata.Records.run;
import static dev.ferry.core.metadata.Records.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.metadata.EventRecord;
import dev.ferry.api.metadata.StepState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

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

    @Test
    void twoProcessesSharingTheFileCanWriteAtTheSameTime() throws Exception {
        // E.g. `ferry approve` writing while the engine records a fan-out: two pools, one file.
        store.insertRun(run("r1", T0));
        try (JdbcMetadataStore other = MetadataStores.open(jdbcUrl());
                var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 40; i++) {
                JdbcMetadataStore writer = i % 2 == 0 ? store : other;
                String id = "s" + i;
                pool.submit(
                        () -> {
                            writer.insertStepRun(step(id, "r1", "fan", StepState.RUNNING));
                            writer.appendEvent(new EventRecord(0, "r1", T0, "t", Map.of("id", id)));
                            return null;
                        });
            }
        }
        assertThat(store.stepRuns("r1")).hasSize(40);
        assertThat(store.events("r1", 0)).hasSize(40);
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
