package dev.ferry.ml.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.artifact.ArtifactStore;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.ModelRef;
import dev.ferry.api.model.ModelRegistry;
import dev.ferry.api.model.ModelVersion;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.api.step.StepException;
import dev.ferry.core.artifact.FileSystemArtifactStore;
import dev.ferry.core.metadata.JdbcMetadataStore;
import dev.ferry.core.metadata.MetadataStores;
import dev.ferry.core.registry.JdbcModelRegistry;
import dev.ferry.ml.evaluate.EvaluateStep;
import dev.ferry.ml.evaluate.EvaluationException;
import dev.ferry.ml.train.Fixtures;
import dev.ferry.ml.train.LinearTrainStep;
import dev.ferry.ml.train.StepHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Train a small sweep, evaluate it with a gate, register the best, compare with the champion. */
class EvaluateAndRegisterTest {
    @TempDir Path dir;
    JdbcMetadataStore metadata;
    ModelRegistry registry;
    ArtifactStore artifacts;
    Path train;
    Path eval;

    @BeforeEach
    void setUp() {
        metadata = MetadataStores.open(MetadataStores.embeddedUrl(dir));
        registry =
                new JdbcModelRegistry(
                        org.jdbi.v3.core.Jdbi.create(MetadataStores.embeddedUrl(dir)),
                        Clock.systemUTC());
        artifacts = new FileSystemArtifactStore(dir.resolve("artifacts"));
        train = Fixtures.write(Fixtures.digits(400, 4, 21), dir.resolve("train.arrow"));
        eval = Fixtures.write(Fixtures.digits(200, 4, 22), dir.resolve("eval.arrow"));
    }

    @AfterEach
    void tearDown() {
        metadata.close();
    }

    private Path trainModel(String step, double learningRate, int epochs) {
        return trainModel(step, train, learningRate, epochs);
    }

    /** A model that learned nothing: trained on shuffled labels. */
    private Path uselessModel(String step) {
        Path noise =
                Fixtures.write(
                        Fixtures.shuffledLabels(Fixtures.digits(400, 4, 21), 5),
                        dir.resolve(step + "-noise.arrow"));
        return trainModel(step, noise, 0.1, 1);
    }

    private Path trainModel(String step, Path data, double learningRate, int epochs) {
        StepHarness context =
                new StepHarness(
                        dir,
                        step,
                        Map.of("train", data, "learning_rate", learningRate, "epochs", epochs));
        new LinearTrainStep().execute(context);
        return context.output("model.onnx");
    }

    private StepHarness evaluate(String step, List<Path> candidates, Map<String, Object> gate) {
        Map<String, Object> with = new HashMap<>();
        with.put("candidates", candidates);
        with.put("data", eval);
        with.put("select", "max(accuracy)");
        with.put("gate", gate);
        with.put("model", "digits");
        StepHarness context =
                new StepHarness(dir, step, with)
                        .with(ModelRegistry.class, registry)
                        .with(ArtifactStore.class, artifacts);
        new EvaluateStep().execute(context);
        return context;
    }

    private StepHarness register(String step, Map<String, Object> with) throws Exception {
        StepHarness context =
                new StepHarness(dir, step, with)
                        .with(ModelRegistry.class, registry)
                        .with(ArtifactStore.class, artifacts);
        new RegisterStep().execute(context);
        return context;
    }

    @Test
    void selectsTheBestCandidateAndExplainsTheGateNumberByNumber() throws Exception {
        Path weak = uselessModel("weak");
        Path strong = trainModel("strong", 0.1, 4);

        StepHarness context =
                evaluate("evaluate", List.of(weak, strong), Map.of("accuracy", ">= 0.8"));

        assertThat(context.values).containsEntry("best_index", 1).containsEntry("passed", true);
        assertThat(context.outputFiles())
                .containsExactlyInAnyOrder(
                        "best.onnx",
                        "verdict.json",
                        "report.md",
                        "confusion_matrix.svg",
                        "training_curves.svg");
        assertThat(Files.readAllBytes(context.output("best.onnx")))
                .isEqualTo(Files.readAllBytes(strong));
        String report = Files.readString(context.output("report.md"));
        assertThat(report)
                .contains("PASSED")
                .containsPattern("PASS accuracy is 0\\.\\d{4}, required >= 0\\.8");
        assertThat(Files.readString(context.output("verdict.json")))
                .contains(
                        "\"f1_macro\"", "\"log_loss\"", "\"confusion\"", "\"precision_weighted\"");
        assertThat(Files.readString(context.output("confusion_matrix.svg"))).startsWith("<svg");
        assertThat(Files.readString(context.output("training_curves.svg"))).contains("polyline");
    }

    @Test
    void aFailedGateFailsTheStepWithTheNumbersAndOffersNoBestModel() {
        Path model = trainModel("train", 0.0001, 1);

        assertThatThrownBy(
                        () -> evaluate("evaluate", List.of(model), Map.of("accuracy", ">= 0.999")))
                .isInstanceOf(EvaluationException.class)
                .hasMessageContaining("the gate failed")
                .hasMessageMatching("(?s).*accuracy is 0\\.\\d{4}, required >= 0\\.999.*");
        assertThat(dir.resolve("evaluate/outputs/best.onnx")).doesNotExist();
    }

    @Test
    void registersTheBestWithSignatureMetricsLineageAndChampion() throws Exception {
        Path model = trainModel("train", 0.1, 3);
        StepHarness evaluated = evaluate("evaluate", List.of(model), Map.of("accuracy", ">= 0.8"));
        Map<String, Object> with =
                Map.of(
                        "model",
                        "digits",
                        "from",
                        evaluated.output("best.onnx"),
                        "evaluation",
                        evaluated.output("verdict.json"),
                        "train",
                        train,
                        "eval",
                        eval,
                        "alias",
                        "candidate",
                        "champion",
                        "if-absent");

        StepHarness first = register("register", with);
        StepHarness second = register("register-again", with);

        assertThat(first.values).containsEntry("version", 1).containsEntry("champion", true);
        assertThat(second.values).containsEntry("version", 2).containsEntry("champion", false);
        ModelVersion champion = registry.require(ModelRef.parse("digits@champion"));
        assertThat(champion.version()).isEqualTo(1);
        assertThat(champion.signature().inputs())
                .containsExactly(new TensorSpec("image", DataType.FP32, List.of(-1L, 16L)));
        assertThat(champion.signature().outputs())
                .containsExactly(new TensorSpec("probabilities", DataType.FP32, List.of(-1L, 4L)));
        assertThat(champion.metrics().get("accuracy")).isGreaterThan(0.8);
        assertThat(champion.lineage().parameters())
                .containsEntry("learning_rate", 0.1)
                .containsEntry("trainer", "ferry/train-linear");
        assertThat(champion.lineage().data()).containsKeys("train", "eval");
        assertThat(artifacts.contains(champion.primaryArtifact().digest())).isTrue();
        assertThat(registry.require(ModelRef.parse("digits@candidate")).version()).isEqualTo(2);
    }

    @Test
    void aCandidateWorseThanTheChampionFailsTheGate() throws Exception {
        Path strong = trainModel("strong", 0.1, 4);
        register("register", Map.of("model", "digits", "from", strong, "champion", "if-absent"));
        Path weak = uselessModel("weak");

        assertThatThrownBy(
                        () ->
                                evaluate(
                                        "evaluate",
                                        List.of(weak),
                                        Map.of("vs", "champion", "tolerance", 0.005)))
                .isInstanceOf(EvaluationException.class)
                .hasMessageContaining("champion digits@1 (version 1) scores")
                .hasMessageContaining("with tolerance 0.005");
    }

    @Test
    void theFirstModelPassesTheChampionComparisonWhenThereIsNoChampion() {
        Path model = trainModel("train", 0.1, 2);

        StepHarness context = evaluate("evaluate", List.of(model), Map.of("vs", "champion"));

        assertThat(context.values).containsEntry("passed", true);
    }

    @Test
    void refusesAFileThatIsNotAModelAndLeavesTheRegistryEmpty() throws Exception {
        Path bogus = Files.writeString(dir.resolve("model.onnx"), "not a model");

        assertThatThrownBy(() -> register("register", Map.of("model", "digits", "from", bogus)))
                .isInstanceOf(StepException.class)
                .hasMessageContaining("is not an ONNX model");
        assertThatThrownBy(
                        () ->
                                register(
                                        "bad-alias",
                                        Map.of(
                                                "model", "digits", "from", bogus, "alias",
                                                "latest")))
                .hasMessageContaining("alias 'latest'");
        assertThat(registry.models()).isEmpty();
    }

    @Test
    void rejectsAGateItCannotRead() {
        Path model = trainModel("train", 0.1, 1);

        assertThatThrownBy(
                        () -> evaluate("evaluate", List.of(model), Map.of("accuracy", "about 0.9")))
                .hasMessageContaining("gate: accuracy: 'about 0.9' is not a condition");
        assertThatThrownBy(() -> evaluate("e2", List.of(model), Map.of("auc_pr", ">= 0.5")))
                .hasMessageContaining("metric 'auc_pr' is not computed");
    }
}
