package dev.ferry.serving.repository;

import static dev.ferry.serving.server.ServingFixture.post;
import static dev.ferry.serving.server.ServingFixture.simpleRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.artifact.StoredArtifact;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.ModelArtifact;
import dev.ferry.api.model.ModelLineage;
import dev.ferry.api.model.ModelRef;
import dev.ferry.api.model.ModelRegistration;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.core.artifact.FileSystemArtifactStore;
import dev.ferry.core.registry.JdbcModelRegistry;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ModelControl;
import dev.ferry.serving.server.ServingFixture;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryRepositoryIT {
    @TempDir Path home;

    private static ModelRegistration simple(StoredArtifact file) {
        List<Long> shape = List.of(-1L, 16L);
        return new ModelRegistration(
                "simple",
                List.of(new ModelArtifact("model", file.digest(), ModelArtifact.ONNX)),
                new ModelSignature(
                        List.of(
                                new TensorSpec("INPUT0", DataType.INT32, shape),
                                new TensorSpec("INPUT1", DataType.INT32, shape)),
                        List.of(
                                new TensorSpec("OUTPUT0", DataType.INT32, shape),
                                new TensorSpec("OUTPUT1", DataType.INT32, shape))),
                Map.of(),
                Optional.empty(),
                new ModelLineage("run-1", "register", Map.of(), Map.of(), Optional.empty()),
                "");
    }

    private static String version(int port) throws Exception {
        var r = post(port, "/v2/models/simple/infer", simpleRequest("r", 1));
        return r.statusCode() == 200
                ? new ObjectMapper().readTree(r.body()).get("model_version").asText()
                : "status " + r.statusCode();
    }

    @Test
    void servesTheVersionAnAliasPointsAtAndFollowsTheAliasWhenPolling() throws Exception {
        String url = "jdbc:sqlite:" + home.resolve("ferry.db");
        Flyway.configure()
                .dataSource(url, "", "")
                .locations("classpath:db/migration/sqlite")
                .load()
                .migrate();
        JdbcModelRegistry registry = new JdbcModelRegistry(Jdbi.create(url), Clock.systemUTC());
        try (FileSystemArtifactStore store =
                new FileSystemArtifactStore(home.resolve("artifacts"))) {
            StoredArtifact onnx = store.put(new ByteArrayInputStream(ServingFixture.simpleModel()));
            registry.register(simple(onnx));
            registry.register(simple(onnx));
            registry.setAlias("simple", "champion", 1);
            var repository =
                    new RegistryRepository(
                            registry,
                            store,
                            home.resolve("models"),
                            List.of(ModelRef.parse("simple@champion")));
            var config =
                    ServingFixture.config(home)
                            .withModelControl(ModelControl.POLL, List.of())
                            .withPollInterval(Duration.ofMillis(200));
            try (FerryServer server =
                    FerryServer.builder(config)
                            .repository(repository)
                            .discoverEndpoints(false)
                            .build()
                            .start()) {
                int port = server.httpPort();
                assertThat(version(port)).isEqualTo("1");
                registry.setAlias("simple", "champion", 2);
                await().atMost(Duration.ofSeconds(10)).until(() -> version(port).equals("2"));
            }
        }
    }
}
