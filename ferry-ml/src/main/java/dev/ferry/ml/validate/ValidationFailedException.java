package dev.ferry.ml.validate;

import dev.ferry.ml.data.DataException;

/** Data did not meet its expectations; the message lists every anomaly. */
public class ValidationFailedException extends DataException {
    private final transient ValidationReport report;

    public ValidationFailedException(ValidationReport report) {
        super(report.describe());
        this.report = report;
    }

    public ValidationReport report() {
        return report;
    }
}
