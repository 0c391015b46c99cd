package dev.ferry.ml.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a candidate must achieve to pass: absolute thresholds per metric ({@code accuracy: ">=
 * 0.90"}) and, optionally, no worse than the current champion on the same data, within a tolerance
 * ({@code vs: champion, tolerance: 0.005}).
 *
 * @param thresholds the absolute checks, in the order written
 * @param versusChampion whether to compare with the champion
 * @param tolerance how much worse than the champion still passes
 */
public record Gate(List<Threshold> thresholds, boolean versusChampion, double tolerance) {
    private static final Pattern CONDITION =
            Pattern.compile("\\s*(>=|<=|>|<|==)?\\s*([-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?)\\s*");

    public Gate {
        thresholds = List.copyOf(thresholds);
    }

    /** No checks at all. */
    public static Gate none() {
        return new Gate(List.of(), false, 0);
    }

    /** Reads the {@code gate:} mapping of the step. */
    public static Gate parse(Map<?, ?> spec) {
        List<Threshold> thresholds = new ArrayList<>();
        boolean champion = false;
        double tolerance = 0;
        for (Map.Entry<?, ?> entry : spec.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            switch (key) {
                case "vs" -> {
                    if (!"champion".equals(String.valueOf(value))) {
                        throw new EvaluationException(
                                "gate: vs: '"
                                        + value
                                        + "' is not supported; the only comparison"
                                        + " is 'vs: champion'");
                    }
                    champion = true;
                }
                case "tolerance" -> tolerance = number("tolerance", value);
                default -> thresholds.add(threshold(key, value));
            }
        }
        if (tolerance < 0) {
            throw new EvaluationException("gate: tolerance must be 0 or more, got " + tolerance);
        }
        return new Gate(thresholds, champion, tolerance);
    }

    private static Threshold threshold(String metric, Object value) {
        if (value instanceof Number n) {
            return new Threshold(metric, ">=", n.doubleValue());
        }
        Matcher m = CONDITION.matcher(String.valueOf(value));
        if (!m.matches()) {
            throw new EvaluationException(
                    "gate: "
                            + metric
                            + ": '"
                            + value
                            + "' is not a condition; write e.g. \">= 0.90\""
                            + " or \"< 0.5\"");
        }
        return new Threshold(
                metric,
                Optional.ofNullable(m.group(1)).orElse(">="),
                Double.parseDouble(m.group(2)));
    }

    private static double number(String name, Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new EvaluationException(
                    "gate: " + name + " must be a number, got '" + value + "'");
        }
    }

    /** One absolute check, e.g. accuracy >= 0.9. */
    public record Threshold(String metric, String operator, double bound) {
        public boolean holds(double actual) {
            return switch (operator) {
                case ">=" -> actual >= bound;
                case ">" -> actual > bound;
                case "<=" -> actual <= bound;
                case "<" -> actual < bound;
                default -> actual == bound;
            };
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %s %s", metric, operator, bound);
        }
    }
}
