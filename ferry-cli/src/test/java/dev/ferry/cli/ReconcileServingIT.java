package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.artifact.StoredArtifact;
import dev.ferry.api.deployment.Route;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.ModelArtifact;
import dev.ferry.api.model.ModelLineage;
import dev.ferry.api.model.ModelRegistration;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.api.rollout.RolloutRecord;
import dev.ferry.api.rollout.RolloutResult;
import dev.ferry.core.artifact.FileSystemArtifactStore;
import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.core.metadata.JdbcMetadataStore;
import dev.ferry.core.metadata.MetadataStores;
import dev.ferry.core.registry.JdbcModelRegistry;
import dev.ferry.core.rollout.JdbcRolloutStore;
import dev.ferry.gitops.desired.DesiredStateReader;
import dev.ferry.gitops.promotion.Rollback;
import dev.ferry.gitops.reconcile.AnalysisCriteria;
import dev.ferry.gitops.reconcile.DesiredRouting;
import dev.ferry.gitops.reconcile.Reconciler;
import dev.ferry.gitops.reconcile.ReconcilerOptions;
import dev.ferry.gitops.reconcile.RolloutEvents;
import dev.ferry.gitops.remote.Upstream;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.Environment;
import dev.ferry.gitops.repository.FileChange;
import dev.ferry.gitops.repository.GitOpsInit;
import dev.ferry.gitops.repository.GitOpsLayout;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ServingConfig;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler driving the real inference server in this JVM (its in-process serving target),
 * with a real Git repository, registry and rollout store on SQLite. Versions of {@code simple}: 1
 * is Triton's adder, 2 the same graph multiplying, 3 bytes that are no ONNX model.
 */
class ReconcileServingIT {
    static final VersionKey V1 = new VersionKey("simple", 1);
    static final VersionKey V2 = new VersionKey("simple", 2);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path home;
    JdbcMetadataStore metadata;
    JdbcModelRegistry registry;
    FileSystemArtifactStore artifacts;
    JdbcRolloutStore store;
    DesiredStateRepository repo;
    FerryServer server;
    final List<String> lines = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        metadata = MetadataStores.openEmbedded(home);
        registry = new JdbcModelRegistry(metadata.jdbi(), Clock.systemUTC());
        artifacts = new FileSystemArtifactStore(home.resolve("artifacts"));
        store = new JdbcRolloutStore(metadata.jdbi());
        byte[] adder;
        try (InputStream in = getClass().getResourceAsStream("/reconcile/simple.onnx")) {
            adder = in.readAllBytes();
        }
        register(adder);
        register(multiplier(adder));
        register("not an onnx model".getBytes(StandardCharsets.UTF_8));
        repo = DesiredStateRepository.open(home.resolve("gitops.git"));
        new GitOpsInit(repo, GitOpsLayout.standard()).run();
        server = startServer();
    }

    @AfterEach
    void close() {
        server.close();
        repo.close();
        artifacts.close();
        metadata.close();
    }

    FerryServer startServer() {
        ServingConfig config =
                ServingConfig.defaults(home).withHost("127.0.0.1").withHttpPort(0).withGrpcPort(-1);
        return FerryServer.builder(config)
                .deployments(registry, artifacts, home.resolve("models"))
                .discoverEndpoints(false)
                .build()
                .start();
    }

    Reconciler reconciler() {
        ManifestLoader loader = ManifestLoader.standard();
        return new Reconciler(
                new DesiredStateReader(repo, loader),
                Upstream.local(),
                new DesiredRouting(registry),
                server.servingTarget().orElseThrow(),
                store,
                new RolloutEvents(Optional.empty(), "ferry", "main", Clock.systemUTC()),
                new Rollback(repo, loader),
                new ReconcilerOptions(
                        Environment.ofBranch("main"),
                        "ferry",
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(10),
                        // These tests prove routing and recovery, not latency judgement: a p99 of
                        // a few dozen requests on a busy CI machine is noise, so allow seconds.
                        new AnalysisCriteria(20, 0.01, 0.99, 2.0, Duration.ofSeconds(5))),
                Clock.systemUTC(),
                lines::add);
    }

    @Test
    void aCanaryPromotesItselfOnTheRealServerWithoutAFailedRequest() throws Exception {
        deploy(only("simple@1"), CANARY);
        Reconciler reconciler = reconciler();
        reconciler.reconcile();
        assertThat(answer()).isEqualTo(V1);
        deploy(split("simple@1", "simple@2", 10), CANARY);

        AtomicInteger failed = new AtomicInteger();
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            for (int i = 0; i < 60; i++) {
                                if (status() != 200) {
                                    failed.incrementAndGet();
                                }
                            }
                            reconciler.reconcile();
                            return latest().result().finished();
                        });

        RolloutRecord done = latest();
        assertThat(done.result()).as(lines.toString()).isEqualTo(RolloutResult.SUCCEEDED);
        assertThat(done.evidence()).containsKeys("step 1 (10%)", "step 2 (50%)");
        assertThat(failed).hasValue(0);
        assertThat(server.servingTarget().orElseThrow().actual().deployments().get("digits"))
                .isEqualTo(new Routing(List.of(new Route("main", V2, 100)), Optional.empty()));
        for (int i = 0; i < 20; i++) {
            assertThat(answer()).isEqualTo(V2);
        }
    }

    @Test
    void aVersionThatCannotLoadFailsTheReleaseWhileTheStableVersionKeepsServing() throws Exception {
        deploy(only("simple@1"), "");
        reconciler().reconcile();
        deploy(only("simple@3"), "");

        reconciler().reconcile();

        assertThat(latest().result()).isEqualTo(RolloutResult.FAILED);
        assertThat(latest().message()).contains("simple@3");
        assertThat(answer()).isEqualTo(V1);
    }

    @Test
    void aCorruptedManifestIsRefusedAndARestartMidCanaryContinuesFromItsStep() throws Exception {
        deploy(only("simple@1"), CANARY);
        reconciler().reconcile();
        deploy(split("simple@1", "simple@2", 10), CANARY);
        Reconciler first = reconciler();
        first.reconcile();
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            for (int i = 0; i < 60; i++) {
                                status();
                            }
                            first.reconcile();
                            return latest().step() == 1;
                        });

        // Restart: a new server (nothing served) and a new reconciler on the same store.
        server.close();
        server = startServer();
        reconciler().reconcile();
        assertThat(server.servingTarget().orElseThrow().actual().deployments().get("digits"))
                .isEqualTo(
                        new Routing(
                                List.of(new Route("main", V1, 50), new Route("canary", V2, 50)),
                                Optional.empty()));

        repo.commit(
                "main",
                Optional.of(repo.head("main").orElseThrow().id()),
                List.of(
                        FileChange.write(
                                "deployments/digits.yaml",
                                "kind: ModelDeployment\nspec: [".getBytes(StandardCharsets.UTF_8))),
                "Break digits\n");
        assertThat(reconciler().reconcile().refused()).isTrue();
        assertThat(store.history("digits", 1).getFirst().result()).isEqualTo(RolloutResult.REFUSED);
        assertThat(status()).isEqualTo(200);
    }

    static final String CANARY =
            "  rollout:\n    strategy: canary\n    steps: [10, 50, 100]\n    analysisWindow: 1s\n";

    static String only(String model) {
        return "    - name: main\n      model: " + model + "\n      weight: 100\n";
    }

    static String split(String stable, String canary, int w) {
        return "    - name: main\n      model: "
                + stable
                + "\n      weight: "
                + (100 - w)
                + "\n    - name: canary\n      model: "
                + canary
                + "\n      weight: "
                + w
                + "\n";
    }

    void deploy(String predictors, String rest) {
        String yaml =
                "apiVersion: ferry.dev/v1\n"
                        + "kind: ModelDeployment\n"
                        + "metadata:\n"
                        + "  name: digits\n"
                        + "spec:\n"
                        + "  predictors:\n"
                        + predictors
                        + rest;
        repo.commit(
                "main",
                Optional.of(repo.head("main").orElseThrow().id()),
                List.of(
                        FileChange.write(
                                "deployments/digits.yaml", yaml.getBytes(StandardCharsets.UTF_8))),
                "Deploy digits\n");
    }

    RolloutRecord latest() {
        return store.history("digits", 1).getFirst();
    }

    HttpResponse<String> infer() throws Exception {
        return infer(URI.create("http://127.0.0.1:" + server.httpPort()), "digits");
    }

    /**
     * One KServe v2 request to {@code deployment} on the server at {@code base}, for a version of
     * {@code simple}: INPUT0 is 0..15 and INPUT1 all ones.
     */
    static HttpResponse<String> infer(URI base, String deployment) throws Exception {
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            a.append(i == 0 ? "" : ",").append(i);
            b.append(i == 0 ? "" : ",").append(1);
        }
        String body =
                "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":["
                        + a
                        + "]},{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":["
                        + b
                        + "]}]}";
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve("/v2/models/" + deployment + "/infer"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    int status() throws Exception {
        return infer().statusCode();
    }

    /** Which version answered: the adder's first output is 0 + 1, the multiplier's 0 * 1. */
    VersionKey answer() throws Exception {
        HttpResponse<String> r = infer();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        int first =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(r.body())
                        .at("/outputs/0/data/0")
                        .asInt();
        return first == 1 ? V1 : V2;
    }

    void register(byte[] onnx) throws Exception {
        register(registry, artifacts, onnx);
    }

    /**
     * Registers {@code simple} in the home {@code home}: version 1 Triton's adder, version 2 the
     * same graph multiplying.
     */
    static void registerSimple(Path home) throws Exception {
        try (JdbcMetadataStore store = MetadataStores.openEmbedded(home);
                FileSystemArtifactStore artifacts =
                        new FileSystemArtifactStore(home.resolve("artifacts"));
                InputStream onnx =
                        ReconcileServingIT.class.getResourceAsStream("/reconcile/simple.onnx")) {
            JdbcModelRegistry registry = new JdbcModelRegistry(store.jdbi(), Clock.systemUTC());
            byte[] adder = onnx.readAllBytes();
            register(registry, artifacts, adder);
            register(registry, artifacts, multiplier(adder));
        }
    }

    /** Registers {@code onnx} as the next version of {@code simple}. */
    static void register(JdbcModelRegistry registry, FileSystemArtifactStore artifacts, byte[] onnx)
            throws Exception {
        StoredArtifact file = artifacts.put(new ByteArrayInputStream(onnx));
        List<Long> shape = List.of(-1L, 16L);
        registry.register(
                new ModelRegistration(
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
                        ""));
    }

    /** Triton's adder with its Add node turned into Mul (both op types are three bytes). */
    static byte[] multiplier(byte[] adder) {
        byte[] out = adder.clone();
        byte[] add = "\"\u0003Add".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i + add.length <= out.length; i++) {
            if (java.util.Arrays.equals(out, i, i + add.length, add, 0, add.length)) {
                out[i + 2] = 'M';
                out[i + 3] = 'u';
                out[i + 4] = 'l';
                return out;
            }
        }
        throw new IllegalStateException("the fixture has no Add node");
    }
}
