package dev.ferry.ml.validate;

import dev.ferry.api.step.Step;
import dev.ferry.api.step.StepContext;
import dev.ferry.api.step.StepSignature;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.DatasetReader;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code ferry/validate}: without {@code schema:} it infers the expectations from the dataset and
 * writes them as the {@code schema} artifact (commit it, or pass it to later runs); with {@code
 * schema:} it checks the dataset against them. It always writes {@code report} (logical type {@code
 * report}) before failing on anomalies, so the reason survives the failed step.
 */
public final class ValidateStep implements Step {
    @Override
    public String name() {
        return "ferry/validate";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public StepSignature signature() {
        return new StepSignature(
                Set.of("dataset"),
                Set.of("schema", "max_distance", "max_row_change"),
                Set.of("schema", "report"));
    }

    @Override
    public void execute(StepContext context) {
        Dataset dataset = new DatasetReader().read(context.path("dataset"));
        ExpectationsCodec codec = new ExpectationsCodec();
        Path schemaOut = context.outputsDir().resolve("schema.json");
        Path reportOut = context.outputsDir().resolve("report.json");
        ValidationReport report;
        if (context.optional("schema").isEmpty()) {
            Expectations inferred = Expectations.inferFrom(dataset);
            codec.write(inferred, schemaOut);
            report = new ValidationReport(dataset.rows(), java.util.List.of(), java.util.Map.of());
            context.log(
                    "no schema given: inferred one from "
                            + dataset.rows()
                            + " rows ("
                            + inferred.columns().size()
                            + " columns); pass it as 'schema' to check later data");
        } else {
            Object given = context.require("schema");
            Expectations expectations = codec.read(context.resolvePath(given));
            Thresholds defaults = Thresholds.DEFAULTS;
            Thresholds thresholds =
                    new Thresholds(
                            context.optional("max_distance").isPresent()
                                    ? context.number("max_distance")
                                    : defaults.maxDistance(),
                            context.optional("max_row_change").isPresent()
                                    ? context.number("max_row_change")
                                    : defaults.maxRowChange());
            report = new Validator().validate(dataset, expectations, thresholds);
            codec.write(expectations, schemaOut);
        }
        report.write(reportOut);
        context.describeOutput("schema", "schema", "application/json");
        context.describeOutput("report", "report", "application/json");
        context.value("anomalies", report.anomalies().size());
        context.log(report.describe());
        if (!report.passed()) {
            throw new ValidationFailedException(report);
        }
    }
}
