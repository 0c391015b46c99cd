package dev.ferry.ml.evaluate;

import java.util.List;
import java.util.Map;

/**
 * The outcome of an evaluation: every candidate's metrics, which one was selected and why, and each
 * gate check with the numbers it compared.
 *
 * @param passed whether the selected candidate passed every check
 * @param selection how candidates were ranked
 * @param best index of the selected candidate (matrix order)
 * @param candidates per candidate: its file and metrics
 * @param checks the gate checks on the selected candidate
 * @param perClass per-class precision/recall/F1/support of the selected candidate
 * @param confusion the selected candidate's confusion matrix (empty for regression)
 * @param classes class names in confusion-matrix order
 */
public record Verdict(
        boolean passed,
        String selection,
        int best,
        List<Candidate> candidates,
        List<Check> checks,
        Map<String, Map<String, Double>> perClass,
        long[][] confusion,
        List<String> classes) {

    /** One evaluated model. */
    public record Candidate(
            int index,
            String file,
            String trainer,
            Map<String, Object> parameters,
            Map<String, Double> metrics) {}

    /**
     * One gate check.
     *
     * @param check what was checked, e.g. {@code accuracy >= 0.9}
     * @param actual the candidate's number
     * @param expected the bound it was compared with (for the champion: its number less the
     *     tolerance)
     * @param passed whether it held
     * @param reason the sentence a person reads
     */
    public record Check(
            String check, double actual, double expected, boolean passed, String reason) {}
}
