package dev.ferry.cli.progress;

import dev.ferry.api.metadata.StepRunRecord;
import java.util.stream.Collectors;

/** How a step attempt is named in progress output: {@code train[learning_rate=0.1]}. */
final class StepLabel {
    private StepLabel() {}

    static String of(StepRunRecord step) {
        if (step.matrix().isEmpty()) {
            return step.stepName();
        }
        return step.stepName()
                + step.matrix().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(",", "[", "]"));
    }

    static String metric(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e12
                ? Long.toString((long) value)
                : String.format("%.4g", value);
    }
}
