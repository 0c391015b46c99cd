package dev.ferry.ml.evaluate;

import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.export.ModelMetadata;
import dev.ferry.ml.train.FeatureLayout;
import dev.ferry.ml.train.Task;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One model scored on the evaluation data.
 *
 * @param file the model file
 * @param metadata what the model says about itself (trainer, parameters, curves)
 * @param metrics the flat metrics
 * @param classification the full classification report, or null for regression
 */
record CandidateScores(
        Path file,
        ModelMetadata metadata,
        Map<String, Double> metrics,
        ClassificationReport classification) {

    static CandidateScores score(Path file, Dataset data, FeatureLayout layout) {
        try (OnnxScorer scorer = new OnnxScorer(file)) {
            ModelMetadata metadata = ModelMetadata.fromProperties(scorer.metadata());
            float[][] outputs = scorer.score(data);
            if (layout.task() == Task.REGRESSION) {
                return new CandidateScores(
                        file,
                        metadata,
                        RegressionReport.metrics(layout.targets(data), outputs),
                        null);
            }
            List<String> classes = layout.classes();
            if (!metadata.labels().isEmpty() && !metadata.labels().equals(classes)) {
                throw new EvaluationException(
                        "model "
                                + file.getFileName()
                                + " predicts classes "
                                + metadata.labels()
                                + " but label '"
                                + layout.label().name()
                                + "' of the evaluation data has "
                                + classes);
            }
            ClassificationReport report =
                    ClassificationReport.of(classes, layout.classCodes(data), outputs);
            return new CandidateScores(file, metadata, report.metrics(), report);
        }
    }
}
