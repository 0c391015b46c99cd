package dev.ferry.ml.evaluate;

import dev.ferry.api.artifact.ArtifactStore;
import dev.ferry.api.model.ModelRef;
import dev.ferry.api.model.ModelRegistry;
import dev.ferry.api.model.ModelVersion;
import dev.ferry.api.step.Step;
import dev.ferry.api.step.StepContext;
import dev.ferry.api.step.StepSignature;
import dev.ferry.ml.data.AtomicFile;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.DatasetReader;
import dev.ferry.ml.train.FeatureLayout;
import dev.ferry.ml.train.ModelFiles;
import dev.ferry.ml.train.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ferry/evaluate}: scores every candidate model on held-out data, selects the best ({@code
 * select: max(accuracy)}), checks the gate (thresholds, and no worse than the champion on the same
 * data) and writes the verdict, a report and plots. A failed gate fails the step, so nothing after
 * it (registration) runs.
 */
public final class EvaluateStep implements Step {

    @Override
    public String name() {
        return "ferry/evaluate";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public StepSignature signature() {
        return new StepSignature(
                Set.of("candidates", "data"),
                Set.of("select", "gate", "model"),
                Set.of("best", "verdict", "report", "confusion_matrix", "training_curves"));
    }

    @Override
    public void execute(StepContext context) {
        List<Path> candidates = candidates(context);
        Dataset data = new DatasetReader().read(context.path("data"));
        FeatureLayout layout = FeatureLayout.of(data);
        Selection selection =
                Selection.parse(
                        context.optional("select")
                                .map(String::valueOf)
                                .orElse(
                                        layout.task() == Task.CLASSIFICATION
                                                ? "max(accuracy)"
                                                : "min(rmse)"));
        Gate gate =
                context.optional("gate")
                        .map(
                                g -> {
                                    if (!(g instanceof Map<?, ?> map)) {
                                        throw new EvaluationException(
                                                "gate: expected a mapping such as {accuracy: \">="
                                                        + " 0.9\"}, got '"
                                                        + g
                                                        + "'");
                                    }
                                    return Gate.parse(map);
                                })
                        .orElse(Gate.none());

        List<CandidateScores> scores = new ArrayList<>();
        for (Path candidate : candidates) {
            CandidateScores s = CandidateScores.score(candidate, data, layout);
            scores.add(s);
            context.log(
                    "candidate "
                            + (scores.size() - 1)
                            + " ("
                            + candidate.getFileName()
                            + "): "
                            + VerdictWriter.format(s.metrics()));
        }
        int best = selection.best(scores.stream().map(CandidateScores::metrics).toList());
        CandidateScores winner = scores.get(best);
        List<Verdict.Check> checks = new ArrayList<>();
        for (Gate.Threshold threshold : gate.thresholds()) {
            Double actual = winner.metrics().get(threshold.metric());
            if (actual == null) {
                throw new EvaluationException(
                        "gate: metric '"
                                + threshold.metric()
                                + "' is not computed; available: "
                                + winner.metrics().keySet());
            }
            boolean ok = threshold.holds(actual);
            checks.add(
                    new Verdict.Check(
                            threshold.toString(),
                            actual,
                            threshold.bound(),
                            ok,
                            String.format(
                                    Locale.ROOT,
                                    "%s is %.4f, required %s %s",
                                    threshold.metric(),
                                    actual,
                                    threshold.operator(),
                                    threshold.bound())));
        }
        if (gate.versusChampion()) {
            checks.add(championCheck(context, data, layout, selection, gate, winner));
        }
        boolean passed = checks.stream().allMatch(Verdict.Check::passed);
        Verdict verdict = verdict(passed, selection, best, scores, checks, winner);
        writeOutputs(context, verdict, scores, winner);
        context.value("passed", passed);
        context.value("best_index", best);
        winner.metrics().forEach(context::value);
        if (!passed) {
            StringBuilder why = new StringBuilder("the gate failed for the selected candidate:");
            checks.stream()
                    .filter(c -> !c.passed())
                    .forEach(c -> why.append("\n  - ").append(c.reason()));
            throw new EvaluationException(why.toString());
        }
    }

    private static List<Path> candidates(StepContext context) {
        Object value = context.require("candidates");
        List<?> items = value instanceof List<?> list ? list : List.of(value);
        List<Path> paths = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Path path)) {
                throw new EvaluationException(
                        "candidates: expected model artifacts (e.g. ${{ steps.train.outputs.model"
                                + " }}), got '"
                                + item
                                + "'");
            }
            paths.add(ModelFiles.locateOnnx(path));
        }
        if (paths.isEmpty()) {
            throw new EvaluationException("candidates: the list of models is empty");
        }
        return paths;
    }

    private static Verdict.Check championCheck(
            StepContext context,
            Dataset data,
            FeatureLayout layout,
            Selection selection,
            Gate gate,
            CandidateScores winner) {
        String model =
                context.optional("model")
                        .map(String::valueOf)
                        .orElseThrow(
                                () ->
                                        new EvaluationException(
                                                "gate: 'vs: champion' needs 'model:' (the"
                                                        + " registered model's name)"));
        ModelRegistry registry =
                context.service(ModelRegistry.class)
                        .orElseThrow(
                                () ->
                                        new EvaluationException(
                                                "gate: 'vs: champion' needs the model registry,"
                                                        + " which this engine does not offer"));
        double actual = winner.metrics().get(selection.metric());
        Optional<ModelVersion> champion =
                registry.resolve(new ModelRef(model, new ModelRef.Alias("champion")));
        if (champion.isEmpty()) {
            return new Verdict.Check(
                    "vs champion",
                    actual,
                    Double.NaN,
                    true,
                    "model '" + model + "' has no champion yet, nothing to compare with");
        }
        ArtifactStore store =
                context.service(ArtifactStore.class)
                        .orElseThrow(
                                () ->
                                        new EvaluationException(
                                                "gate: 'vs: champion' needs the artifact store to"
                                                        + " load the champion"));
        Path file = context.workDir().resolve("champion-" + champion.get().version() + ".onnx");
        store.materialize(champion.get().primaryArtifact().digest(), file);
        double theirs = CandidateScores.score(file, data, layout).metrics().get(selection.metric());
        double bound = selection.maximize() ? theirs - gate.tolerance() : theirs + gate.tolerance();
        boolean ok = selection.maximize() ? actual >= bound : actual <= bound;
        return new Verdict.Check(
                selection.metric()
                        + (selection.maximize() ? " >= " : " <= ")
                        + "champion "
                        + (selection.maximize() ? "- " : "+ ")
                        + gate.tolerance(),
                actual,
                bound,
                ok,
                String.format(
                        Locale.ROOT,
                        "%s is %.4f; champion %s (version %d) scores %.4f on the same data, so"
                                + " with tolerance %s the candidate needs %s %.4f",
                        selection.metric(),
                        actual,
                        champion.get().ref(),
                        champion.get().version(),
                        theirs,
                        gate.tolerance(),
                        selection.maximize() ? ">=" : "<=",
                        bound));
    }

    private static Verdict verdict(
            boolean passed,
            Selection selection,
            int best,
            List<CandidateScores> scores,
            List<Verdict.Check> checks,
            CandidateScores winner) {
        List<Verdict.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            CandidateScores s = scores.get(i);
            candidates.add(
                    new Verdict.Candidate(
                            i,
                            s.file().getFileName().toString(),
                            s.metadata().trainer(),
                            s.metadata().parameters(),
                            s.metrics()));
        }
        ClassificationReport report = winner.classification();
        return new Verdict(
                passed,
                selection.toString(),
                best,
                candidates,
                checks,
                report == null ? Map.of() : report.perClass(),
                report == null ? new long[0][0] : report.confusion(),
                report == null ? List.of() : report.classes());
    }

    private static void writeOutputs(
            StepContext context,
            Verdict verdict,
            List<CandidateScores> scores,
            CandidateScores winner) {
        Path out = context.outputsDir();
        VerdictWriter writer = new VerdictWriter();
        writer.writeJson(verdict, out.resolve("verdict.json"));
        context.describeOutput("verdict", "report", "application/json");
        writer.writeMarkdown(verdict, out.resolve("report.md"));
        context.describeOutput("report", "report", "text/markdown");
        SvgPlots plots = new SvgPlots();
        if (winner.classification() != null) {
            AtomicFile.writeString(
                    out.resolve("confusion_matrix.svg"),
                    plots.confusion(
                            winner.classification().classes(),
                            winner.classification().confusion()));
            context.describeOutput("confusion_matrix", "plot", "image/svg+xml");
        }
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        for (int i = 0; i < scores.size(); i++) {
            Map<String, Object> params = scores.get(i).metadata().parameters();
            String label =
                    "#"
                            + i
                            + (params.containsKey("learning_rate")
                                    ? " lr=" + params.get("learning_rate")
                                    : "");
            int index = i;
            scores.get(index)
                    .metadata()
                    .curves()
                    .forEach((metric, values) -> curves.put(label + " " + metric, values));
        }
        AtomicFile.writeString(out.resolve("training_curves.svg"), plots.curves(curves));
        context.describeOutput("training_curves", "plot", "image/svg+xml");
        if (verdict.passed()) {
            AtomicFile.write(out.resolve("best.onnx"), o -> Files.copy(winner.file(), o));
            context.describeOutput("best", "model", ModelFiles.ONNX_MEDIA_TYPE);
        }
    }
}
