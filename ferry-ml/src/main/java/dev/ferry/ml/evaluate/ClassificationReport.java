package dev.ferry.ml.evaluate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

/**
 * Classification quality of predicted class probabilities against true classes: accuracy, per-class
 * precision/recall/F1 with macro and support-weighted averages, the confusion matrix, log-loss, and
 * ROC-AUC when there are two classes.
 *
 * @param classes class names, in probability-column order
 * @param confusion counts[true][predicted]
 * @param perClass precision, recall, f1 and support of each class
 * @param metrics the flat numbers gates and rankings use
 */
public record ClassificationReport(
        List<String> classes,
        long[][] confusion,
        Map<String, Map<String, Double>> perClass,
        Map<String, Double> metrics) {
    private static final double EPSILON = 1e-15;

    public static ClassificationReport of(List<String> classes, int[] truth, float[][] probs) {
        int k = classes.size();
        if (truth.length == 0) {
            throw new EvaluationException("the evaluation dataset has no rows");
        }
        long[][] confusion = new long[k][k];
        double logLoss = 0;
        for (int r = 0; r < truth.length; r++) {
            if (probs[r].length != k) {
                throw new EvaluationException(
                        "the model outputs "
                                + probs[r].length
                                + " scores per row but the label has "
                                + k
                                + " classes "
                                + classes);
            }
            confusion[truth[r]][argmax(probs[r])]++;
            logLoss -= Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, probs[r][truth[r]])));
        }
        Map<String, Map<String, Double>> perClass = new LinkedHashMap<>();
        double correct = 0;
        double[] macro = new double[3];
        double[] weighted = new double[3];
        for (int c = 0; c < k; c++) {
            long tp = confusion[c][c];
            long predicted = 0;
            long actual = 0;
            for (int o = 0; o < k; o++) {
                predicted += confusion[o][c];
                actual += confusion[c][o];
            }
            correct += tp;
            double precision = predicted == 0 ? 0 : tp / (double) predicted;
            double recall = actual == 0 ? 0 : tp / (double) actual;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            double[] values = {precision, recall, f1};
            for (int i = 0; i < 3; i++) {
                macro[i] += values[i] / k;
                weighted[i] += values[i] * actual / truth.length;
            }
            Map<String, Double> stats = new LinkedHashMap<>();
            stats.put("precision", precision);
            stats.put("recall", recall);
            stats.put("f1", f1);
            stats.put("support", (double) actual);
            perClass.put(classes.get(c), stats);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", correct / truth.length);
        metrics.put("precision_macro", macro[0]);
        metrics.put("recall_macro", macro[1]);
        metrics.put("f1_macro", macro[2]);
        metrics.put("precision_weighted", weighted[0]);
        metrics.put("recall_weighted", weighted[1]);
        metrics.put("f1_weighted", weighted[2]);
        metrics.put("log_loss", logLoss / truth.length);
        if (k == 2) {
            boolean[] positive = new boolean[truth.length];
            double[] score = new double[truth.length];
            for (int r = 0; r < truth.length; r++) {
                positive[r] = truth[r] == 1;
                score[r] = probs[r][1];
            }
            boolean both = false;
            for (int r = 1; r < truth.length; r++) {
                both |= positive[r] != positive[0];
            }
            if (both) {
                metrics.put("roc_auc", LabelEvaluationUtil.binaryAUCROC(positive, score));
            }
        }
        return new ClassificationReport(List.copyOf(classes), confusion, perClass, metrics);
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
