package dev.ferry.serving.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.artifact.StoredArtifact;
import dev.ferry.api.deployment.Route;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.api.event.EventBus;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.ModelArtifact;
import dev.ferry.api.model.ModelLineage;
import dev.ferry.api.model.ModelRegistration;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.core.artifact.FileSystemArtifactStore;
import dev.ferry.core.registry.JdbcModelRegistry;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ServingConfig;
import dev.ferry.serving.server.ServingFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * A registry holding three versions of {@code simple}: 1 answers OUTPUT0 = INPUT0 + INPUT1 (the
 * fixture), 2 answers INPUT0 * INPUT1 (the same graph with Mul for Add), 3 does not load. With the
 * fixture's request (INPUT0 = 0..15, INPUT1 = 1) the first element of OUTPUT0 tells them apart: 1
 * for version 1, 0 for version 2.
 */
final class DeploymentFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final VersionKey V1 = new VersionKey("simple", 1);
    static final VersionKey V2 = new VersionKey("simple", 2);
    static final VersionKey BROKEN = new VersionKey("simple", 3);

    final JdbcModelRegistry registry;
    final FileSystemArtifactStore store;
    final Path home;

    DeploymentFixture(Path home) throws IOException {
        this.home = home;
        String url = "jdbc:sqlite:" + home.resolve("ferry.db");
        Flyway.configure()
                .dataSource(url, "", "")
                .locations("classpath:db/migration/sqlite")
                .load()
                .migrate();
        registry = new JdbcModelRegistry(Jdbi.create(url), Clock.systemUTC());
        store = new FileSystemArtifactStore(home.resolve("artifacts"));
        byte[] adder = ServingFixture.simpleModel();
        registry.register(registration(adder));
        registry.register(registration(multiplier(adder)));
        registry.register(registration("not an onnx model".getBytes(StandardCharsets.UTF_8)));
    }

    /** The fixture with its Add node turned into Mul (op types are both three bytes long). */
    static byte[] multiplier(byte[] adder) {
        byte[] out = Arrays.copyOf(adder, adder.length);
        byte[] add = "\"\u0003Add".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i + add.length <= out.length; i++) {
            if (Arrays.equals(out, i, i + add.length, add, 0, add.length)) {
                out[i + 2] = 'M';
                out[i + 3] = 'u';
                out[i + 4] = 'l';
                return out;
            }
        }
        throw new IllegalStateException("the fixture has no Add node");
    }

    private ModelRegistration registration(byte[] onnx) throws IOException {
        StoredArtifact file = store.put(new ByteArrayInputStream(onnx));
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

    /** A started deployment server on free ports; gRPC too when {@code grpc}. */
    FerryServer server(boolean grpc, EventBus bus) {
        ServingConfig config = ServingFixture.config(home).withGrpcPort(grpc ? 0 : -1);
        FerryServer.Builder b =
                FerryServer.builder(config)
                        .deployments(registry, store, home.resolve("models"))
                        .discoverEndpoints(grpc);
        if (bus != null) {
            b.eventBus(bus);
        }
        return b.build().start();
    }

    static Routing split(int stable, int canary) {
        return new Routing(
                List.of(new Route("stable", V1, stable), new Route("canary", V2, canary)),
                Optional.empty());
    }

    static Routing only(String predictor, VersionKey version) {
        return new Routing(List.of(new Route(predictor, version, 100)), Optional.empty());
    }

    /** A REST inference on {@code model}: the parsed body, after checking the status is 200. */
    static JsonNode infer(int port, String model, String... headers) throws Exception {
        HttpResponse<byte[]> r = post(port, model, headers);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static HttpResponse<byte[]> post(int port, String model, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return ServingFixture.postBytes(
                port,
                "/v2/models/" + model + "/infer",
                ServingFixture.simpleRequest("r", 1).getBytes(StandardCharsets.UTF_8),
                all);
    }

    /** Which version answered, from the first element of OUTPUT0. */
    static VersionKey answeredBy(JsonNode response) {
        int first = response.get("outputs").get(0).get("data").get(0).asInt();
        return switch (first) {
            case 1 -> V1;
            case 0 -> V2;
            default -> throw new AssertionError("unexpected answer " + response);
        };
    }

    @Override
    public void close() {
        store.close();
    }
}
