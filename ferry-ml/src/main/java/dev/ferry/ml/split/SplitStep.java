package dev.ferry.ml.split;

import dev.ferry.api.step.Step;
import dev.ferry.api.step.StepContext;
import dev.ferry.api.step.StepSignature;
import dev.ferry.ml.data.DataException;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.DatasetReader;
import dev.ferry.ml.data.DatasetWriter;
import java.util.Set;

/**
 * {@code ferry/split}: writes the datasets {@code train} and {@code eval} (and {@code test} when
 * {@code test:} is above 0). Random and seeded by default, stratified with {@code stratify:}, or
 * ordered by a column with {@code by:} (earliest rows train, latest test).
 */
public final class SplitStep implements Step {
    @Override
    public String name() {
        return "ferry/split";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public StepSignature signature() {
        return new StepSignature(
                Set.of("dataset"),
                Set.of("eval", "test", "seed", "stratify", "by"),
                Set.of("train", "eval", "test"));
    }

    @Override
    public void execute(StepContext context) {
        Dataset dataset = new DatasetReader().read(context.path("dataset"));
        if (dataset.rows() == 0) {
            throw new DataException(
                    "step '" + context.stepName() + "': the dataset has no rows to split");
        }
        SplitPlan plan =
                new SplitPlan(
                        context.optional("eval").isPresent() ? context.number("eval") : 0.2,
                        context.optional("test").isPresent() ? context.number("test") : 0);
        Splitter splitter = new Splitter();
        Partition partition;
        if (context.optional("by").isPresent()) {
            if (context.optional("stratify").isPresent()) {
                throw new DataException(
                        "step '"
                                + context.stepName()
                                + "': give either 'by' (ordered split) or 'stratify' (random"
                                + " split), not both");
            }
            partition = splitter.ordered(dataset.require(context.string("by")), plan);
        } else {
            long seed = context.optional("seed").isPresent() ? (long) context.number("seed") : 0L;
            partition =
                    context.optional("stratify").isPresent()
                            ? splitter.stratified(
                                    dataset.require(context.string("stratify")), plan, seed)
                            : splitter.random(dataset.rows(), plan, seed);
        }
        if (partition.train().length == 0) {
            throw new DataException(
                    "step '"
                            + context.stepName()
                            + "': "
                            + dataset.rows()
                            + " rows leave none to train on with eval "
                            + plan.eval()
                            + " and test "
                            + plan.test());
        }
        write(context, "train", dataset.select(partition.train()));
        write(context, "eval", dataset.select(partition.eval()));
        if (plan.hasTest()) {
            write(context, "test", dataset.select(partition.test()));
        }
        context.log(
                "split "
                        + dataset.rows()
                        + " rows: train "
                        + partition.train().length
                        + ", eval "
                        + partition.eval().length
                        + (plan.hasTest() ? ", test " + partition.test().length : ""));
    }

    private static void write(StepContext context, String name, Dataset part) {
        new DatasetWriter()
                .write(part, context.outputsDir().resolve(name + DatasetWriter.EXTENSION));
        context.describeOutput(name, "dataset", DatasetWriter.MEDIA_TYPE);
        context.value(name + "_rows", part.rows());
    }
}
