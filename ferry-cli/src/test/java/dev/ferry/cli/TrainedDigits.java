package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Two registered MNIST versions, trained once per test JVM through the packaged CLI: a quick
 * pipeline (one epoch, no sweep) run twice with different learning rates registers {@code mnist@1}
 * (champion) and {@code mnist@2}. Each test gets its own copy of that home, with the artifacts
 * hard-linked (they are content-addressed and never written twice).
 */
final class TrainedDigits {
    private static final Path EXAMPLE =
            Path.of("..", "examples", "mnist").toAbsolutePath().normalize();

    static final String PIPELINE =
            """
            apiVersion: ferry.dev/v1
            kind: Pipeline
            metadata:
              name: digits
            spec:
              params:
                learning_rate: 0.05
              steps:
                - name: ingest
                  uses: ferry/ingest-idx
                  with:
                    images: data/digits-images-idx3-ubyte.gz
                    labels: data/digits-labels-idx1-ubyte.gz
                - name: split
                  uses: ferry/split
                  with:
                    dataset: ${{ steps.ingest.outputs.dataset }}
                    eval: 0.2
                    stratify: label
                    seed: 7
                - name: train
                  uses: ferry/train-linear
                  with:
                    train: ${{ steps.split.outputs.train }}
                    learning_rate: ${{ params.learning_rate }}
                    epochs: 1
                    seed: 7
                - name: evaluate
                  uses: ferry/evaluate
                  with:
                    candidates: ${{ steps.train.outputs.model }}
                    data: ${{ steps.split.outputs.eval }}
                    model: mnist
                    select: max(accuracy)
                    gate:
                      accuracy: ">= 0.5"
                - name: register
                  uses: ferry/register
                  with:
                    model: mnist
                    from: ${{ steps.evaluate.outputs.best }}
                    evaluation: ${{ steps.evaluate.outputs.verdict }}
                    alias: candidate
                    champion: if-absent
            """;

    private static Path trained;

    private TrainedDigits() {}

    /** The directory holding the example's digit files. */
    static Path data() {
        return EXAMPLE.resolve("data");
    }

    /** A fresh FERRY_HOME at {@code home} holding mnist@1 and mnist@2. */
    static void copyInto(Path home) {
        Path source = trainedHome();
        try {
            Files.createDirectories(home);
            Files.copy(source.resolve("ferry.db"), home.resolve("ferry.db"));
            Path artifacts = source.resolve("artifacts");
            try (Stream<Path> files = Files.walk(artifacts)) {
                for (Path f : files.toList()) {
                    Path to = home.resolve("artifacts").resolve(artifacts.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.createLink(to, f);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Path trainedHome() {
        if (trained == null) {
            try {
                // Under target/, so a clean build removes it; trained afresh by every test JVM.
                Path project = Path.of("target", "it-trained-digits").toAbsolutePath();
                deleteTree(project);
                Files.createDirectories(project);
                Files.writeString(project.resolve("pipeline.yaml"), PIPELINE);
                Files.createDirectories(project.resolve("data"));
                try (Stream<Path> files = Files.list(data())) {
                    for (Path f : files.toList()) {
                        Files.copy(f, project.resolve("data").resolve(f.getFileName()));
                    }
                }
                Path home = project.resolve(".ferry");
                FerryProcess ferry =
                        new FerryProcess(project, Map.of("FERRY_HOME", home.toString()));
                for (String rate : new String[] {"0.05", "0.1"}) {
                    FerryProcess.Result r =
                            ferry.run(
                                    Duration.ofMinutes(5),
                                    "run",
                                    "pipeline.yaml",
                                    "--param",
                                    "learning_rate=" + rate);
                    assertThat(r.exitCode()).as(r.toString()).isZero();
                }
                FerryProcess.Result models =
                        ferry.run(Duration.ofMinutes(1), "models", "show", "mnist@2");
                assertThat(models.exitCode()).as(models.toString()).isZero();
                trained = home;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return trained;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
