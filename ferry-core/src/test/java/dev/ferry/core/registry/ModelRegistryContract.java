package dev.ferry.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.artifact.Digest;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.ModelArtifact;
import dev.ferry.api.model.ModelLineage;
import dev.ferry.api.model.ModelNotFoundException;
import dev.ferry.api.model.ModelRef;
import dev.ferry.api.model.ModelRegistration;
import dev.ferry.api.model.ModelRegistry;
import dev.ferry.api.model.ModelRegistryException;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.ModelVersion;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.core.metadata.JdbcMetadataStore;
import dev.ferry.core.metadata.MetadataStores;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every registry database must do; subclasses supply the database. */
abstract class ModelRegistryContract {
    static final Digest MODEL = new Digest("a".repeat(64));
    static final Digest PROFILE = new Digest("b".repeat(64));
    static final Digest TRAIN = new Digest("c".repeat(64));

    ModelRegistry registry;
    JdbcMetadataStore store;

    /** The JDBC URL of a fresh, empty database. */
    abstract String databaseUrl();

    @BeforeEach
    void openRegistry() {
        store = MetadataStores.open(databaseUrl());
        registry =
                new JdbcModelRegistry(
                        store.jdbi(),
                        Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static ModelRegistration registration(String model, double accuracy) {
        return new ModelRegistration(
                model,
                List.of(new ModelArtifact("model", MODEL, ModelArtifact.ONNX)),
                new ModelSignature(
                        List.of(new TensorSpec("input", DataType.FP32, List.of(-1L, 784L))),
                        List.of(new TensorSpec("probabilities", DataType.FP32, List.of(-1L, 10L)))),
                Map.of("accuracy", accuracy, "f1_macro", accuracy - 0.01),
                Optional.of(PROFILE),
                new ModelLineage(
                        "run-1",
                        "register",
                        Map.of("train", TRAIN),
                        Map.of("learning_rate", 0.05, "epochs", 5, "trainer", "linear"),
                        Optional.of("sha256:" + "d".repeat(64))),
                "digits");
    }

    @Test
    void numbersVersionsPerModelFromOne() {
        assertThat(registry.register(registration("mnist", 0.91)).version()).isEqualTo(1);
        assertThat(registry.register(registration("mnist", 0.92)).version()).isEqualTo(2);
        assertThat(registry.register(registration("credit", 0.7)).version()).isEqualTo(1);
    }

    @Test
    void keepsEverythingAVersionWasRegisteredWith() {
        ModelRegistration request = registration("mnist", 0.91);
        registry.register(request);

        ModelVersion read = registry.require(ModelRef.parse("mnist@1"));

        assertThat(read.registration()).isEqualTo(request);
        assertThat(read.createdAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(read.lineage().parameters()).containsEntry("epochs", 5);
        assertThat(read.signature().inputs().getFirst().shape()).containsExactly(-1L, 784L);
    }

    @Test
    void resolvesVersionAliasAndLatestReferences() {
        registry.register(registration("mnist", 0.91));
        registry.register(registration("mnist", 0.93));
        registry.setAlias("mnist", "champion", 1);

        assertThat(registry.require(ModelRef.parse("mnist@champion")).version()).isEqualTo(1);
        assertThat(registry.require(ModelRef.parse("mnist@latest")).version()).isEqualTo(2);
        assertThat(registry.require(ModelRef.parse("mnist")).version()).isEqualTo(2);
        assertThat(registry.require(ModelRef.parse("mnist@2")).metrics())
                .containsEntry("accuracy", 0.93);
        assertThat(registry.require(ModelRef.parse("mnist@1")).aliases())
                .containsExactly("champion");
    }

    @Test
    void movesAndRemovesAliases() {
        registry.register(registration("mnist", 0.91));
        registry.register(registration("mnist", 0.93));
        registry.setAlias("mnist", "champion", 1);
        registry.setAlias("mnist", "champion", 2);
        registry.setAlias("mnist", "candidate", 2);

        assertThat(registry.aliases("mnist"))
                .containsExactly(Map.entry("candidate", 2), Map.entry("champion", 2));
        assertThat(registry.removeAlias("mnist", "candidate")).isTrue();
        assertThat(registry.removeAlias("mnist", "candidate")).isFalse();
        assertThat(registry.resolve(ModelRef.parse("mnist@candidate"))).isEmpty();
    }

    @Test
    void setsAnAliasOnlyWhenAbsentIfAsked() {
        registry.register(registration("mnist", 0.91));
        registry.register(registration("mnist", 0.93));

        assertThat(registry.setAliasIfAbsent("mnist", "champion", 1)).isTrue();
        assertThat(registry.setAliasIfAbsent("mnist", "champion", 2)).isFalse();
        assertThat(registry.require(ModelRef.parse("mnist@champion")).version()).isEqualTo(1);
    }

    @Test
    void refusesAliasesOnMissingVersionsAndReservedNames() {
        registry.register(registration("mnist", 0.91));

        assertThatThrownBy(() -> registry.setAlias("mnist", "champion", 7))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("model 'mnist' has no version 7");
        assertThatThrownBy(() -> registry.setAlias("ghost", "champion", 1))
                .isInstanceOf(ModelNotFoundException.class);
        assertThatThrownBy(() -> registry.setAlias("mnist", "latest", 1))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining("cannot be an alias");
        assertThatThrownBy(() -> registry.setAlias("mnist", "2", 1))
                .isInstanceOf(ModelRegistryException.class);
    }

    @Test
    void reportsUnknownReferencesClearly() {
        registry.register(registration("mnist", 0.91));

        assertThat(registry.resolve(ModelRef.parse("mnist@9"))).isEmpty();
        assertThat(registry.resolve(ModelRef.parse("ghost"))).isEmpty();
        assertThatThrownBy(() -> registry.require(ModelRef.parse("mnist@staging")))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("mnist@staging");
    }

    @Test
    void refusesNonFiniteMetricsAndWritesNothing() {
        ModelRegistration bad =
                new ModelRegistration(
                        "mnist",
                        registration("mnist", 0.9).artifacts(),
                        registration("mnist", 0.9).signature(),
                        Map.of("log_loss", Double.NaN),
                        Optional.empty(),
                        registration("mnist", 0.9).lineage(),
                        "");

        assertThatThrownBy(() -> registry.register(bad))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining("log_loss");
        assertThat(registry.models()).isEmpty();
    }

    @Test
    void summarisesModelsWithTheirAliases() {
        registry.register(registration("mnist", 0.91));
        registry.register(registration("mnist", 0.93));
        registry.register(registration("credit", 0.7));
        registry.setAlias("mnist", "champion", 2);

        assertThat(registry.models())
                .extracting(s -> s.name() + ":" + s.latestVersion() + ":" + s.versionCount())
                .containsExactly("credit:1:1", "mnist:2:2");
        assertThat(registry.models().get(1).aliases()).containsEntry("champion", 2);
        assertThat(registry.versions("mnist"))
                .extracting(ModelVersion::version)
                .containsExactly(1, 2);
        assertThat(registry.versions("ghost")).isEmpty();
    }

    @Test
    void givesConcurrentRegistrationsDistinctNumbers() throws Exception {
        int writers = 6;
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            tasks.add(() -> registry.register(registration("mnist", 0.9)).version());
        }
        List<Integer> numbers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                numbers.add(f.get());
            }
        }
        assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
    }
}
