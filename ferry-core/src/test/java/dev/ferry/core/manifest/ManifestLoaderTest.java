package dev.ferry.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.pipeline.Pipeline;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.api.pipeline.RetrySpec;
import dev.ferry.api.pipeline.SourceLocation;
import dev.ferry.api.pipeline.StepAction;
import dev.ferry.api.pipeline.StepSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestLoaderTest {
    private final ManifestLoader loader = ManifestLoader.standard();

    private List<String> problems(String yaml) {
        return loader.read("p.yaml", yaml).problems().stream().map(Problem::render).toList();
    }

    private Pipeline pipeline(String yaml) {
        return (Pipeline) loader.read("p.yaml", yaml).orThrow().getFirst();
    }

    @Test
    void readsAPipelineWithEveryStepField() {
        Pipeline p =
                pipeline(
                        """
                        apiVersion: ferry.dev/v1
                        kind: Pipeline
                        metadata:
                          name: mnist
                          labels: {team: ml}
                        spec:
                          params:
                            seed: 42
                            rates: [0.01, 0.1]
                          env:
                            MODE: fast
                          steps:
                            - name: fetch
                              uses: ferry/fetch-file
                              with:
                                path: data/train.csv
                            - name: train
                              run: [python3, train.py, --seed, "${{ params.seed }}", 5]
                              needs: fetch
                              if: ${{ params.seed > 0 }}
                              matrix:
                                lr: ${{ params.rates }}
                                depth: [2, 3]
                              parallelism: 2
                              retry: {limit: 2, backoff: 5s, factor: 3}
                              timeout: 1h30m
                              cache: false
                              env: {THREADS: 4}
                              outputs: {model: model.onnx}
                              code: [train.py]
                            - name: approve
                              suspend: {}
                        """);
        assertThat(p.metadata().name()).isEqualTo("mnist");
        assertThat(p.metadata().labels()).containsEntry("team", "ml");
        assertThat(p.params()).containsEntry("seed", 42).containsEntry("rates", List.of(0.01, 0.1));
        assertThat(p.env()).containsEntry("MODE", "fast");
        StepSpec fetch = p.steps().get(0);
        assertThat(fetch.action()).isEqualTo(new StepAction.Uses("ferry/fetch-file"));
        assertThat(fetch.with()).containsEntry("path", "data/train.csv");
        assertThat(fetch.retry()).isEqualTo(RetrySpec.NONE);
        assertThat(fetch.cache()).isTrue();
        StepSpec train = p.steps().get(1);
        assertThat(train.action())
                .isEqualTo(
                        new StepAction.Run(
                                List.of(
                                        "python3",
                                        "train.py",
                                        "--seed",
                                        "${{ params.seed }}",
                                        "5")));
        assertThat(train.needs()).containsExactly("fetch");
        assertThat(train.condition()).contains("${{ params.seed > 0 }}");
        assertThat(train.matrix())
                .containsEntry("lr", "${{ params.rates }}")
                .containsEntry("depth", List.of(2, 3));
        assertThat(train.parallelism()).isEqualTo(2);
        assertThat(train.retry()).isEqualTo(new RetrySpec(2, Duration.ofSeconds(5), 3.0));
        assertThat(train.timeout()).contains(Duration.ofMinutes(90));
        assertThat(train.cache()).isFalse();
        assertThat(train.env()).containsEntry("THREADS", "4");
        assertThat(train.outputs()).containsEntry("model", "model.onnx");
        assertThat(train.code()).containsExactly("train.py");
        assertThat(train.location()).isEqualTo(new SourceLocation("p.yaml", 17, 7));
        assertThat(train.locationOf("run.3")).isEqualTo(new SourceLocation("p.yaml", 18, 41));
        assertThat(train.locationOf("if")).isEqualTo(new SourceLocation("p.yaml", 20, 11));
        assertThat(p.steps().get(2).action()).isEqualTo(new StepAction.Suspend());
        assertThat(p.step("fetch").orElseThrow().locationOf("with.path"))
                .isEqualTo(new SourceLocation("p.yaml", 16, 15));
    }

    @Test
    void readsEveryDocumentOfAMultiDocumentFile() {
        String doc =
                "apiVersion: ferry.dev/v1\n"
                        + "kind: Pipeline\n"
                        + "metadata: {name: %s}\n"
                        + "spec: {steps: [{name: a, run: [x]}]}\n";
        assertThat(
                        loader.read("p.yaml", doc.formatted("one") + "---\n" + doc.formatted("two"))
                                .orThrow())
                .extracting(m -> m.metadata().name())
                .containsExactly("one", "two");
    }

    @Test
    void readsDurations() {
        assertThat(Durations.parse("250ms")).contains(Duration.ofMillis(250));
        assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("2d")).contains(Duration.ofDays(2));
        assertThat(Durations.parse("5 s")).isEmpty();
        assertThat(Durations.parse("5")).isEmpty();
        assertThat(Durations.format(Duration.ofMillis(5_400_250))).isEqualTo("1h30m250ms");
    }

    @Test
    void aMissingFileIsAProblemNotAnException() {
        assertThat(loader.read(java.nio.file.Path.of("does/not/exist.yaml")).problems())
                .extracting(Problem::render)
                .containsExactly("does/not/exist.yaml: error: no such file");
    }

    @Test
    void anEmptyFileIsAProblem() {
        assertThat(problems("# nothing\n"))
                .containsExactly(
                        "p.yaml:1:1: error: empty file: expected a manifest starting with"
                                + " apiVersion: ferry.dev/v1");
    }
}
