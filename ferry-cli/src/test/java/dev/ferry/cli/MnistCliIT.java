package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MNIST slice through the packaged CLI: train, gate and register the real digits, re-run from
 * cache, widen the sweep, serve the champion and ask it to read digits; and refuse broken data.
 */
class MnistCliIT {
    private static final Duration LIMIT = Duration.ofMinutes(10);
    private static final Path EXAMPLE =
            Path.of("..", "examples", "mnist").toAbsolutePath().normalize();
    private static final Pattern RUN_ID = Pattern.compile("run (\\d{8}-\\d{6}-[a-z0-9]+)");

    @TempDir Path project;
    private FerryProcess ferry;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void copyTheExample() throws IOException {
        Files.copy(EXAMPLE.resolve("pipeline.yaml"), project.resolve("pipeline.yaml"));
        Files.createDirectories(project.resolve("data"));
        try (Stream<Path> files = Files.list(EXAMPLE.resolve("data"))) {
            for (Path f : files.toList()) {
                Files.copy(f, project.resolve("data").resolve(f.getFileName()));
            }
        }
        ferry =
                new FerryProcess(
                        project, Map.of("FERRY_HOME", project.resolve(".ferry").toString()));
    }

    @Test
    void trainsGatesRegistersCachesAndServesTheDigitModel() throws Exception {
        FerryProcess.Result cold = ferry.run(LIMIT, "run", "pipeline.yaml");
        assertThat(cold.exitCode()).as(cold.toString()).isZero();
        String runId = runId(cold);
        assertThat(cold.out()).contains("ferry models show mnist@1");

        JsonNode champion = json.readTree(ok("models", "show", "--json", "mnist@champion").out());
        assertThat(champion.get("version").asInt()).isEqualTo(1);
        JsonNode registration = champion.get("registration");
        assertThat(registration.at("/metrics/accuracy").asDouble()).isGreaterThanOrEqualTo(0.90);
        assertThat(registration.at("/signature/inputs/0/name").asText()).isEqualTo("image");
        assertThat(registration.at("/signature/inputs/0/datatype").asText()).isEqualTo("FP32");
        assertThat(registration.at("/signature/inputs/0/shape").toString()).isEqualTo("[-1,784]");
        assertThat(registration.at("/signature/outputs/0/shape").toString()).isEqualTo("[-1,10]");
        assertThat(registration.get("profile").asText()).startsWith("sha256:");
        assertThat(registration.at("/lineage/runId").asText()).isEqualTo(runId);
        assertThat(registration.at("/lineage/data/train").asText()).startsWith("sha256:");
        assertThat(registration.at("/lineage/data/eval").asText()).startsWith("sha256:");
        assertThat(registration.at("/lineage/parameters/learning_rate").isNumber()).isTrue();
        assertThat(ok("lineage", runId).out()).contains("ingest", "split", "train", "register");

        FerryProcess.Result cached = ferry.run(LIMIT, "run", "pipeline.yaml");
        assertThat(cached.exitCode()).as(cached.toString()).isZero();
        assertThat(stepStates(runId(cached))).allMatch("CACHED"::equals).hasSize(9);

        String wider =
                Files.readString(project.resolve("pipeline.yaml"))
                        .replace("[0.01, 0.05, 0.1]", "[0.01, 0.05, 0.1, 0.2]");
        Files.writeString(project.resolve("pipeline.yaml"), wider);
        FerryProcess.Result widened = ferry.run(LIMIT, "run", "pipeline.yaml");
        assertThat(widened.exitCode()).as(widened.toString()).isZero();
        List<JsonNode> trains = steps(runId(widened), "train");
        assertThat(trains)
                .extracting(s -> s.get("state").asText())
                .containsExactly("CACHED", "CACHED", "CACHED", "SUCCEEDED");

        assertTheServedChampionReadsDigits();
    }

    @Test
    void aCorruptedImageFileFailsTheRunAndRegistersNothing() throws Exception {
        Path images = project.resolve("data/digits-images-idx3-ubyte.gz");
        byte[] bytes = Files.readAllBytes(images);
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(images))) {
            out.write(new byte[] {0, 0, 9, 9}); // not the IDX magic of unsigned-byte images
            out.write(bytes, 0, 100);
        }

        FerryProcess.Result run = ferry.run(LIMIT, "run", "pipeline.yaml");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out()).contains("digits-images-idx3-ubyte.gz").doesNotContain("\tat ");
        assertThat(json.readTree(ok("models", "list", "--json").out())).isEmpty();
    }

    private void assertTheServedChampionReadsDigits() throws Exception {
        FerryProcess serving = new FerryProcess(project.resolve("server"), ferry.env());
        Process server =
                serving.start(
                        "serve",
                        "--model",
                        "mnist@champion",
                        "--http-port",
                        "0",
                        "--grpc-port",
                        "0");
        try {
            Pattern listening = Pattern.compile("serving on http://[^:]+:(\\d+)");
            await().atMost(Duration.ofMinutes(2))
                    .until(
                            () ->
                                    listening.matcher(serving.peek().out()).find()
                                            || !server.isAlive());
            Matcher m = listening.matcher(serving.peek().out());
            assertThat(m.find()).as(serving.peek().toString()).isTrue();
            URI base = URI.create("http://127.0.0.1:" + m.group(1));

            HttpClient http = HttpClient.newHttpClient();
            Digits digits = Digits.read(project.resolve("data"), 50);
            int correct = 0;
            for (int i = 0; i < digits.labels().size(); i++) {
                HttpResponse<String> answer =
                        http.send(
                                HttpRequest.newBuilder(base.resolve("/v2/models/mnist/infer"))
                                        .header("Content-Type", "application/json")
                                        .POST(
                                                HttpRequest.BodyPublishers.ofString(
                                                        inferBody(digits.images().get(i))))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                JsonNode probabilities = json.readTree(answer.body()).at("/outputs/0/data");
                if (argmax(probabilities) == digits.labels().get(i)) {
                    correct++;
                }
            }
            // A champion of >= 90% held-out accuracy reads most of these 50 digits.
            assertThat(correct).isGreaterThanOrEqualTo(40);
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private String inferBody(float[] image) {
        ObjectNode body = json.createObjectNode();
        ObjectNode input = body.putArray("inputs").addObject();
        input.put("name", "image").put("datatype", "FP32");
        input.putArray("shape").add(1).add(784);
        ArrayNode data = input.putArray("data");
        for (float v : image) {
            data.add(v);
        }
        return body.toString();
    }

    private static int argmax(JsonNode values) {
        int best = 0;
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i).asDouble() > values.get(best).asDouble()) {
                best = i;
            }
        }
        return best;
    }

    private FerryProcess.Result ok(String... args) {
        FerryProcess.Result r = ferry.run(LIMIT, args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    private List<String> stepStates(String runId) throws IOException {
        List<String> states = new ArrayList<>();
        json.readTree(ok("show", "--json", runId).out())
                .get("steps")
                .forEach(s -> states.add(s.get("state").asText()));
        return states;
    }

    private List<JsonNode> steps(String runId, String name) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        json.readTree(ok("show", "--json", runId).out())
                .get("steps")
                .forEach(
                        s -> {
                            if (s.get("stepName").asText().equals(name)) {
                                found.add(s);
                            }
                        });
        found.sort(
                (a, b) ->
                        Integer.compare(
                                a.get("matrixIndex").asInt(), b.get("matrixIndex").asInt()));
        return found;
    }

    private static String runId(FerryProcess.Result result) {
        Matcher m = RUN_ID.matcher(result.out());
        assertThat(m.find()).as("a run id in:\n" + result).isTrue();
        return m.group(1);
    }

    /** The first digits of the shipped IDX files, as raw pixel values and labels. */
    private record Digits(List<float[]> images, List<Integer> labels) {
        static Digits read(Path dir, int count) throws IOException {
            List<float[]> images = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            try (DataInputStream in = gz(dir.resolve("digits-images-idx3-ubyte.gz"))) {
                in.readInt();
                in.readInt();
                int rows = in.readInt();
                int cols = in.readInt();
                for (int i = 0; i < count; i++) {
                    float[] image = new float[rows * cols];
                    for (int p = 0; p < image.length; p++) {
                        image[p] = in.readUnsignedByte();
                    }
                    images.add(image);
                }
            }
            try (DataInputStream in = gz(dir.resolve("digits-labels-idx1-ubyte.gz"))) {
                in.readInt();
                in.readInt();
                for (int i = 0; i < count; i++) {
                    labels.add(in.readUnsignedByte());
                }
            }
            return new Digits(images, labels);
        }

        private static DataInputStream gz(Path file) throws IOException {
            InputStream raw = Files.newInputStream(file);
            return new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(raw)));
        }
    }
}
