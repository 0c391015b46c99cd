package dev.ferry.ml.train;

import dev.ferry.api.step.StepContext;
import java.util.Map;
import java.util.TreeMap;

/**
 * Typed, checked access to a training step's {@code with:} values, remembering every value used
 * (defaults included) so the model can record them.
 */
public final class Hyperparameters {
    private final StepContext context;
    private final Map<String, Object> used = new TreeMap<>();

    public Hyperparameters(StepContext context) {
        this.context = context;
    }

    /** A number greater than 0. */
    public double positive(String name, double fallback) {
        double value = number(name, fallback);
        if (!(value > 0) || Double.isInfinite(value)) {
            throw invalid(name, value, "a number greater than 0");
        }
        used.put(name, value);
        return value;
    }

    /** A number in [min, max]. */
    public double between(String name, double fallback, double min, double max) {
        double value = number(name, fallback);
        if (!(value >= min && value <= max)) {
            throw invalid(name, value, "a number from " + min + " to " + max);
        }
        used.put(name, value);
        return value;
    }

    /** A whole number of at least {@code min}. */
    public int count(String name, int fallback, int min) {
        double value = number(name, fallback);
        if (value != Math.rint(value) || value < min || value > Integer.MAX_VALUE) {
            throw invalid(name, value, "a whole number of at least " + min);
        }
        used.put(name, (int) value);
        return (int) value;
    }

    /** The random seed (default 42). */
    public long seed() {
        double value = number("seed", 42);
        if (value != Math.rint(value)) {
            throw invalid("seed", value, "a whole number");
        }
        used.put("seed", (long) value);
        return (long) value;
    }

    /** Every value read so far, by name. */
    public Map<String, Object> used() {
        return new TreeMap<>(used);
    }

    private double number(String name, double fallback) {
        return context.optional(name).isPresent() ? context.number(name) : fallback;
    }

    private TrainingException invalid(String name, double value, String expected) {
        return new TrainingException(
                "step '"
                        + context.stepName()
                        + "': '"
                        + name
                        + "' must be "
                        + expected
                        + ", got "
                        + value);
    }
}
