package dev.ferry.gitops.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.artifact.Digest;
import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.deployment.Route;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.ModelArtifact;
import dev.ferry.api.model.ModelLineage;
import dev.ferry.api.model.ModelRegistration;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.core.metadata.JdbcMetadataStore;
import dev.ferry.core.metadata.MetadataStores;
import dev.ferry.core.registry.JdbcModelRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesiredRoutingTest {
    @TempDir Path tmp;

    private static ModelDeployment deployment(String name, String predictors) {
        String text =
                """
                apiVersion: ferry.dev/v1
                kind: ModelDeployment
                metadata:
                  name: %s
                spec:
                  predictors:
                %s  shadow:
                    model: mnist@latest
                """
                        .formatted(name, predictors.indent(4));
        return (ModelDeployment)
                ManifestLoader.standard().read(name + ".yaml", text).orThrow().getFirst();
    }

    @Test
    void resolvesAliasesToExactVersionsAndRefusesWhatTheRegistryLacks() {
        try (JdbcMetadataStore store =
                MetadataStores.open("jdbc:sqlite:" + tmp.resolve("ferry.db"))) {
            JdbcModelRegistry registry = new JdbcModelRegistry(store.jdbi(), Clock.systemUTC());
            for (int i = 0; i < 2; i++) {
                registry.register(
                        new ModelRegistration(
                                "mnist",
                                List.of(
                                        new ModelArtifact(
                                                "model",
                                                new Digest("a".repeat(64)),
                                                ModelArtifact.ONNX)),
                                new ModelSignature(
                                        List.of(new TensorSpec("x", DataType.FP32, List.of(-1L))),
                                        List.of(new TensorSpec("y", DataType.FP32, List.of(-1L)))),
                                Map.of(),
                                Optional.empty(),
                                new ModelLineage(
                                        "run", "train", Map.of(), Map.of(), Optional.empty()),
                                ""));
            }
            registry.setAlias("mnist", "champion", 1);

            DesiredRouting.Result result =
                    new DesiredRouting(registry)
                            .resolve(
                                    List.of(
                                            deployment(
                                                    "good",
                                                    "- {name: main, model: mnist@champion, weight:"
                                                            + " 100}"),
                                            deployment(
                                                    "bad",
                                                    "- {name: main, model: iris@1, weight: 100}")));

            assertThat(result.resolved())
                    .containsOnlyKeys("good")
                    .containsEntry(
                            "good",
                            new Routing(
                                    List.of(new Route("main", new VersionKey("mnist", 1), 100)),
                                    Optional.of(new VersionKey("mnist", 2))));
            assertThat(result.refused())
                    .singleElement()
                    .satisfies(
                            p ->
                                    assertThat(p.render())
                                            .startsWith("bad.yaml:1:1: error: deployment bad")
                                            .contains("iris@1"));
        }
    }
}
