package dev.ferry.core.validation;

import dev.ferry.api.pipeline.Manifest;
import dev.ferry.api.pipeline.ManifestException;
import dev.ferry.api.pipeline.Pipeline;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.api.pipeline.SourceLocation;
import dev.ferry.api.pipeline.StepAction;
import dev.ferry.api.pipeline.StepSpec;
import dev.ferry.api.step.Step;
import dev.ferry.api.step.StepSignature;
import dev.ferry.core.manifest.ClosestName;
import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.core.plan.Plan;
import dev.ferry.core.plan.Planner;
import dev.ferry.core.step.StepCatalog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything {@code ferry validate} checks, in one place: the YAML and the schema (through {@link
 * ManifestLoader}), built-in steps and their {@code with:} inputs (through {@link StepCatalog}),
 * and expressions, references and dependency cycles (through {@link Planner}).
 */
public final class ManifestValidator {
    /** Exit code of {@code ferry validate} when any file is invalid. */
    public static final int EXIT_INVALID = 2;

    private final ManifestLoader loader;
    private final StepCatalog catalog;
    private final Planner planner;

    public ManifestValidator(ManifestLoader loader, StepCatalog catalog) {
        this.loader = loader;
        this.catalog = catalog;
        this.planner = new Planner(this::knownOutputs);
    }

    /** A validator for every manifest kind and built-in step on the class path. */
    public static ManifestValidator standard() {
        return new ManifestValidator(ManifestLoader.standard(), StepCatalog.discover());
    }

    /** Every problem of {@code file}, in file order; empty when it is valid. */
    public List<Problem> validate(Path file) {
        return check(loader.read(file));
    }

    /** Every problem of manifest text read from {@code file}; empty when it is valid. */
    public List<Problem> validate(String file, String text) {
        return check(loader.read(file, text));
    }

    /**
     * Loads, checks and plans the single pipeline in {@code file}.
     *
     * @throws ManifestException with every problem of the file
     */
    public Plan plan(Path file) {
        return plan(loader.loadPipeline(file));
    }

    /**
     * Loads, checks and plans a pipeline from manifest text (e.g. the bytes stored with a run).
     *
     * @throws ManifestException with every problem of the text
     */
    public Plan plan(String file, String text) {
        return plan(loader.loadPipeline(file, text));
    }

    /** Checks built-in steps and plans an already loaded pipeline. */
    public Plan plan(Pipeline pipeline) {
        List<Problem> problems = checkSteps(pipeline);
        try {
            Plan plan = planner.plan(pipeline);
            if (problems.isEmpty()) {
                return plan;
            }
        } catch (ManifestException e) {
            problems.addAll(e.problems());
        }
        throw new ManifestException(sorted(problems));
    }

    /**
     * {@code ferry validate FILE...}: prints each problem as {@code file:line:col: error: message}
     * to {@code err}; with {@code verbose}, prints {@code file: ok} for valid files to {@code out}.
     *
     * @return 0 when every file is valid, {@link #EXIT_INVALID} otherwise
     */
    public int run(List<Path> files, boolean verbose, PrintStream out, PrintStream err) {
        boolean invalid = false;
        for (Path file : files) {
            List<Problem> problems = validate(file);
            problems.forEach(p -> err.println(p.render()));
            if (problems.isEmpty() && verbose) {
                out.println(file + ": ok");
            }
            invalid |= !problems.isEmpty();
        }
        return invalid ? EXIT_INVALID : 0;
    }

    private List<Problem> check(ManifestLoader.Result result) {
        List<Problem> problems = new ArrayList<>(result.problems());
        for (Manifest manifest : result.manifests()) {
            if (manifest instanceof Pipeline pipeline) {
                try {
                    plan(pipeline);
                } catch (ManifestException e) {
                    problems.addAll(e.problems());
                }
            }
        }
        return sorted(problems);
    }

    private List<Problem> checkSteps(Pipeline pipeline) {
        List<Problem> problems = new ArrayList<>();
        for (StepSpec step : pipeline.steps()) {
            if (!(step.action() instanceof StepAction.Uses(String uses))) {
                continue;
            }
            Optional<Step> found = catalog.find(uses);
            if (found.isEmpty()) {
                problems.add(new Problem(step.locationOf("uses"), catalog.explainMissing(uses)));
                continue;
            }
            StepSignature signature = found.get().signature();
            Set<String> accepted = new TreeSet<>(signature.required());
            accepted.addAll(signature.optional());
            for (String input : step.with().keySet()) {
                if (!signature.accepts(input)) {
                    problems.add(
                            new Problem(
                                    keyLocation(step, "with." + input),
                                    "unknown input '"
                                            + input
                                            + "' of "
                                            + uses
                                            + ClosestName.hint(input, accepted)
                                            + "; it accepts: "
                                            + String.join(", ", accepted)));
                }
            }
            for (String required : new TreeSet<>(signature.required())) {
                if (!step.with().containsKey(required)) {
                    problems.add(
                            new Problem(
                                    step.with().isEmpty()
                                            ? step.locationOf("uses")
                                            : step.locationOf("with"),
                                    "missing required input '"
                                            + required
                                            + "' of "
                                            + uses
                                            + " under with:"));
                }
            }
        }
        return problems;
    }

    private static SourceLocation keyLocation(StepSpec step, String path) {
        return step.locationOf(path);
    }

    private Optional<Set<String>> knownOutputs(StepSpec step) {
        if (step.action() instanceof StepAction.Uses(String uses)) {
            return catalog.find(uses).map(s -> s.signature().outputs());
        }
        return step.outputs().isEmpty() ? Optional.empty() : Optional.of(step.outputs().keySet());
    }

    private static List<Problem> sorted(List<Problem> problems) {
        List<Problem> out = new ArrayList<>(new java.util.LinkedHashSet<>(problems));
        out.sort(
                Comparator.comparing((Problem p) -> p.at().file())
                        .thenComparingInt(p -> p.at().line())
                        .thenComparingInt(p -> p.at().column()));
        return out;
    }
}
