package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.artifact.StoredArtifact;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.ModelArtifact;
import dev.ferry.api.model.ModelLineage;
import dev.ferry.api.model.ModelRegistration;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.core.artifact.FileSystemArtifactStore;
import dev.ferry.core.metadata.JdbcMetadataStore;
import dev.ferry.core.metadata.MetadataStores;
import dev.ferry.core.registry.JdbcModelRegistry;
import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.FileChange;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ServingConfig;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The staging gate end to end through the CLI, on a real in-process inference server running
 * Triton's "simple" ONNX model: a correct version passes and waits for approval, a wrong one fails
 * the accuracy check and never reaches production.
 */
class PromotionGateCliTest {
    private static final Path SIMPLE =
            Path.of(
                    "..",
                    "ferry-serving",
                    "src",
                    "test",
                    "resources",
                    "repository",
                    "simple",
                    "1",
                    "model.onnx");

    @TempDir Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int ferry(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** Version 1 adds its inputs (correct); version 2 multiplies them (wrong). */
    private void registerAdderAndMultiplier() throws Exception {
        byte[] adder = Files.readAllBytes(SIMPLE);
        try (JdbcMetadataStore store = MetadataStores.openEmbedded(tmp);
                FileSystemArtifactStore artifacts =
                        new FileSystemArtifactStore(tmp.resolve("artifacts"))) {
            JdbcModelRegistry registry = new JdbcModelRegistry(store.jdbi(), Clock.systemUTC());
            for (byte[] onnx : List.of(adder, multiplier(adder))) {
                StoredArtifact file = artifacts.put(new ByteArrayInputStream(onnx));
                List<Long> shape = List.of(-1L, 16L);
                registry.register(
                        new ModelRegistration(
                                "simple",
                                List.of(
                                        new ModelArtifact(
                                                "model", file.digest(), ModelArtifact.ONNX)),
                                new ModelSignature(
                                        List.of(
                                                new TensorSpec("INPUT0", DataType.INT32, shape),
                                                new TensorSpec("INPUT1", DataType.INT32, shape)),
                                        List.of(
                                                new TensorSpec("OUTPUT0", DataType.INT32, shape),
                                                new TensorSpec("OUTPUT1", DataType.INT32, shape))),
                                Map.of("accuracy", 1.0),
                                Optional.empty(),
                                new ModelLineage(
                                        "run-1", "register", Map.of(), Map.of(), Optional.empty()),
                                ""));
            }
        }
    }

    private static byte[] multiplier(byte[] adder) {
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

    /** The deployment's policy and a three-line sample of sums, on the staging branch. */
    private void stageSampleAndPolicy() {
        stageSampleAndPolicy("staging", "deployments/simple.yaml");
    }

    /**
     * The deployment's policy and a three-line sample of sums, at {@code path} on {@code branch}.
     */
    private void stageSampleAndPolicy(String branch, String path) {
        StringBuilder sample = new StringBuilder();
        for (int k = 1; k <= 3; k++) {
            int base = k;
            int[] a = IntStream.range(0, 16).map(i -> i + base).toArray();
            int[] sums = IntStream.range(0, 16).map(i -> a[i] + 2).toArray();
            sample.append("{\"inputs\": {\"INPUT0\": [")
                    .append(Arrays.toString(a))
                    .append("], \"INPUT1\": [")
                    .append(Arrays.toString(IntStream.range(0, 16).map(i -> 2).toArray()))
                    .append("]}, \"expected\": {\"OUTPUT0\": [")
                    .append(Arrays.toString(sums))
                    .append("]}}\n");
        }
        String manifest =
                """
                apiVersion: ferry.dev/v1
                kind: ModelDeployment
                metadata:
                  name: simple
                spec:
                  predictors:
                    - {name: main, model: simple@1, weight: 100}
                  promotion:
                    sample: samples/simple.jsonl
                    minAccuracy: 1.0
                """;
        try (DesiredStateRepository repo = DesiredStateRepository.open(tmp.resolve("gitops.git"))) {
            CommitInfo head = repo.head(branch).orElseThrow();
            repo.commit(
                    branch,
                    Optional.of(head.id()),
                    List.of(
                            FileChange.write(
                                    "samples/simple.jsonl",
                                    sample.toString().getBytes(StandardCharsets.UTF_8)),
                            FileChange.write(path, manifest.getBytes(StandardCharsets.UTF_8))),
                    "Add the simple deployment and its held-out sample\n");
        }
    }

    /**
     * {@code ferry promote simple --model simple@1 --strategy shadow --gate in-process}: opened.
     */
    private void promoteSimple1AsShadowThroughTheGate(String home) {
        assertThat(
                        ferry(
                                "promote",
                                "simple",
                                "--model",
                                "simple@1",
                                "--strategy",
                                "shadow",
                                "--gate",
                                "in-process",
                                "--home",
                                home))
                .as(out + "\n" + err)
                .isZero();
        assertThat(out.toString())
                .contains(" open (simple@1, shadow simple@1)")
                .contains("accuracy ok");
    }

    @Test
    void aCorrectVersionPassesTheGateAndWaitsForApprovalAWrongOneNeverReachesMain()
            throws Exception {
        String home = tmp.toString();
        registerAdderAndMultiplier();
        assertThat(ferry("gitops", "init", "--home", home)).isZero();
        stageSampleAndPolicy();

        promoteSimple1AsShadowThroughTheGate(home);
        assertThat(out.toString())
                .contains("3 of 3 sample cases answered as expected")
                .contains("ferry approve-promotion ");
        String id = out.toString().replaceAll("(?s).*promotion request (\\S+): .*", "$1");

        assertThat(ferry("approve-promotion", id, "--by", "ana", "--home", home))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains(" merged ");

        assertThat(
                        ferry(
                                "promote",
                                "simple",
                                "--model",
                                "simple@2",
                                "--gate",
                                "in-process",
                                "--home",
                                home))
                .isEqualTo(ExitCode.FAILED);
        assertThat(out.toString())
                .contains(" failed (simple@2")
                .contains("accuracy FAILED", "0 of 3 sample cases answered as expected");

        try (DesiredStateRepository repo = DesiredStateRepository.open(tmp.resolve("gitops.git"))) {
            CommitInfo main = repo.head("main").orElseThrow();
            assertThat(main.trailers()).containsEntry("Ferry-Promotion", id);
            assertThat(new String(repo.read(main.id(), "deployments/simple.yaml").orElseThrow()))
                    .contains("simple@1")
                    .doesNotContain("simple@2");
        }
        assertThat(ferry("promotions", "--json", "--home", home)).isZero();
        JsonNode list = new ObjectMapper().readTree(out.toString());
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("state").asText()).isEqualTo("FAILED");
        assertThat(list.get(1).path("state").asText()).isEqualTo("MERGED");
        assertThat(list.get(1).path("decidedBy").asText()).isEqualTo("ana");
        assertThat(list.get(1).path("diff").asText())
                .contains("+++ staging:deployments/simple.yaml");
    }

    @Test
    void theDirectoryLayoutGoesFromInitToServingProductionWithoutBranchOptions() throws Exception {
        String home = tmp.toString();
        registerAdderAndMultiplier();
        assertThat(ferry("gitops", "init", "--layout", "directories", "--home", home))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .contains(
                        "created branch main with README.md, ferry-gitops.yaml,"
                                + " environments/staging/ and environments/production/");
        assertThat(ferry("gitops", "init", "--home", home)).isZero();
        assertThat(out.toString()).contains("already initialised");
        assertThat(ferry("gitops", "init", "--layout", "branches", "--home", home))
                .isEqualTo(ExitCode.INVALID);
        assertThat(err.toString()).contains("already initialised with layout directories");
        stageSampleAndPolicy("main", "environments/staging/simple.yaml");

        promoteSimple1AsShadowThroughTheGate(home);
        assertThat(out.toString())
                .contains("--- main:environments/production/simple.yaml")
                .contains("+++ main:environments/staging/simple.yaml");
        String id = out.toString().replaceAll("(?s).*promotion request (\\S+): .*", "$1");
        try (DesiredStateRepository repo = DesiredStateRepository.open(tmp.resolve("gitops.git"))) {
            CommitInfo main = repo.head("main").orElseThrow();
            assertThat(repo.read(main.id(), "environments/production/simple.yaml"))
                    .as("nothing reaches production before approval")
                    .isEmpty();
            assertThat(repo.head("staging")).isEmpty();
        }

        assertThat(ferry("approve-promotion", id, "--by", "ana", "--home", home))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains(" merged ");

        assertThat(ferry("reconcile", "--once", "--branch", "main", "--home", home))
                .isEqualTo(ExitCode.INVALID);
        assertThat(err.toString())
                .contains("use --environment staging or --environment production");

        try (JdbcMetadataStore store = MetadataStores.openEmbedded(tmp);
                FileSystemArtifactStore artifacts =
                        new FileSystemArtifactStore(tmp.resolve("artifacts"));
                FerryServer server =
                        FerryServer.builder(
                                        ServingConfig.defaults(tmp)
                                                .withHost("127.0.0.1")
                                                .withHttpPort(0)
                                                .withGrpcPort(-1))
                                .deployments(
                                        new JdbcModelRegistry(store.jdbi(), Clock.systemUTC()),
                                        artifacts,
                                        tmp.resolve("served-models"))
                                .discoverEndpoints(false)
                                .build()
                                .start()) {
            String url = "http://127.0.0.1:" + server.httpPort();
            assertThat(
                            ferry(
                                    "reconcile",
                                    "--once",
                                    "--environment",
                                    "production",
                                    "--server",
                                    url,
                                    "--home",
                                    home))
                    .as(out + "\n" + err)
                    .isZero();
            assertThat(out.toString()).contains("simple: succeeded").contains(": changed simple");

            int[] a = IntStream.range(0, 16).toArray();
            String body =
                    "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],"
                            + "\"data\":"
                            + Arrays.toString(a)
                            + "},{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],"
                            + "\"data\":"
                            + Arrays.toString(IntStream.range(0, 16).map(i -> 1).toArray())
                            + "}]}";
            HttpResponse<String> answer =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(url + "/v2/models/simple/infer"))
                                            .header("Content-Type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString(body))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode outputs = new ObjectMapper().readTree(answer.body()).path("outputs");
            assertThat(outputs.toString()).contains("OUTPUT0");
            for (JsonNode o : outputs) {
                if (o.path("name").asText().equals("OUTPUT0")) {
                    assertThat(o.path("data").get(15).asInt()).isEqualTo(16);
                }
            }
        }
    }
}
