package dev.ferry.ml.evaluate;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How candidates are ranked: {@code max(accuracy)} or {@code min(rmse)}.
 *
 * @param metric the metric compared
 * @param maximize whether larger is better
 */
public record Selection(String metric, boolean maximize) {
    private static final Pattern FORM =
            Pattern.compile("\\s*(max|min)\\(\\s*([a-z0-9_]+)\\s*\\)\\s*");

    public static Selection parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new EvaluationException(
                    "select: '"
                            + text
                            + "' is not understood; write max(METRIC) or min(METRIC),"
                            + " e.g. max(accuracy) or min(rmse)");
        }
        return new Selection(m.group(2), m.group(1).equals("max"));
    }

    /** Whether {@code a} is better than {@code b}. */
    public boolean better(double a, double b) {
        return maximize ? a > b : a < b;
    }

    /** Index of the best candidate; the first wins ties, so matrix order decides them. */
    public int best(List<Map<String, Double>> candidates) {
        int best = -1;
        for (int i = 0; i < candidates.size(); i++) {
            Double value = candidates.get(i).get(metric);
            if (value == null) {
                throw new EvaluationException(
                        "select: metric '"
                                + metric
                                + "' is not computed; available: "
                                + candidates.get(i).keySet());
            }
            if (best < 0 || better(value, candidates.get(best).get(metric))) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return (maximize ? "max(" : "min(") + metric + ")";
    }
}
