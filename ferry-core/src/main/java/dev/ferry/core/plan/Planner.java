package dev.ferry.core.plan;

import dev.ferry.api.pipeline.ManifestException;
import dev.ferry.api.pipeline.Pipeline;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.api.pipeline.SourceLocation;
import dev.ferry.api.pipeline.StepAction;
import dev.ferry.api.pipeline.StepSpec;
import dev.ferry.core.expression.Condition;
import dev.ferry.core.expression.Reference;
import dev.ferry.core.expression.ReferenceSite;
import dev.ferry.core.expression.Template;
import dev.ferry.core.expression.ValueTemplate;
import dev.ferry.core.manifest.ClosestName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a {@link Pipeline} into a {@link Plan}: compiles every expression, infers dependencies from
 * {@code needs:} and from {@code steps.X.outputs.Y} references, checks that every reference points
 * at something that exists, and orders the steps, reporting cycles with their path.
 */
public final class Planner {
    private final Function<StepSpec, Optional<Set<String>>> knownOutputs;

    /** A planner that checks output references only against the {@code outputs:} steps declare. */
    public Planner() {
        this(
                step ->
                        step.outputs().isEmpty()
                                ? Optional.empty()
                                : Optional.of(step.outputs().keySet()));
    }

    /**
     * @param knownOutputs the outputs a step is known to produce (e.g. from a built-in step's
     *     signature), or empty when any name may appear
     */
    public Planner(Function<StepSpec, Optional<Set<String>>> knownOutputs) {
        this.knownOutputs = knownOutputs;
    }

    /**
     * Plans {@code pipeline}.
     *
     * @throws ManifestException with every problem found: duplicate step names, malformed
     *     expressions, references to unknown steps, outputs, parameters or matrix axes, and
     *     dependency cycles
     */
    public Plan plan(Pipeline pipeline) {
        List<Problem> problems = new ArrayList<>();
        Map<String, StepSpec> byName = new LinkedHashMap<>();
        for (StepSpec step : pipeline.steps()) {
            StepSpec first = byName.putIfAbsent(step.name(), step);
            if (first != null) {
                problems.add(
                        new Problem(
                                step.location(),
                                "duplicate step name '"
                                        + step.name()
                                        + "': already used at line "
                                        + first.location().line()
                                        + "; step names must be unique"));
            }
        }
        DependencyGraph graph = new DependencyGraph();
        byName.keySet().forEach(graph::addStep);
        Map<String, Compiled> compiled = new HashMap<>();
        for (StepSpec step : byName.values()) {
            Compiled c = compile(step, problems);
            compiled.put(step.name(), c);
            for (int i = 0; i < step.needs().size(); i++) {
                String need = step.needs().get(i);
                SourceLocation at = step.locationOf("needs." + i);
                if (checkStep(step, need, at, "needs", byName, problems)) {
                    graph.addEdge(step.name(), need, at);
                }
            }
            for (ReferenceSite site : c.sites()) {
                checkReference(step, site, pipeline, byName, problems)
                        .ifPresent(dependency -> graph.addEdge(step.name(), dependency, site.at()));
            }
        }
        List<String> order = graph.order(problems);
        if (!problems.isEmpty()) {
            problems.sort(
                    java.util.Comparator.comparingInt((Problem p) -> p.at().line())
                            .thenComparingInt(p -> p.at().column()));
            throw new ManifestException(problems);
        }
        List<PlannedStep> steps = new ArrayList<>();
        for (String name : order) {
            Compiled c = compiled.get(name);
            steps.add(
                    new PlannedStep(
                            byName.get(name),
                            steps.size(),
                            graph.dependencies(name),
                            c.with(),
                            c.env(),
                            c.argv(),
                            c.condition(),
                            c.matrix()));
        }
        return new Plan(pipeline, steps);
    }

    private record Compiled(
            ValueTemplate with,
            Map<String, Template> env,
            List<Template> argv,
            Optional<Condition> condition,
            Optional<MatrixPlan> matrix,
            List<ReferenceSite> sites) {}

    private Compiled compile(StepSpec step, List<Problem> problems) {
        List<ReferenceSite> sites = new ArrayList<>();
        ValueTemplate with = ValueTemplate.constant(Map.of());
        try {
            with = ValueTemplate.compile(step.with(), "with", step::locationOf);
            sites.addAll(with.sites());
        } catch (ManifestException e) {
            problems.addAll(e.problems());
        }
        Map<String, Template> env = new LinkedHashMap<>();
        step.env()
                .forEach(
                        (k, v) ->
                                template(v, step.locationOf("env." + k), problems)
                                        .ifPresent(
                                                t -> {
                                                    env.put(k, t);
                                                    sites.addAll(t.sites());
                                                }));
        List<Template> argv = new ArrayList<>();
        if (step.action() instanceof StepAction.Run run) {
            for (int i = 0; i < run.argv().size(); i++) {
                template(run.argv().get(i), step.locationOf("run." + i), problems)
                        .ifPresent(
                                t -> {
                                    argv.add(t);
                                    sites.addAll(t.sites());
                                });
            }
        }
        Optional<Condition> condition = Optional.empty();
        if (step.condition().isPresent()) {
            try {
                condition =
                        Optional.of(Condition.parse(step.condition().get(), step.locationOf("if")));
                sites.addAll(condition.get().sites());
            } catch (ManifestException e) {
                problems.addAll(e.problems());
            }
        }
        Optional<MatrixPlan> matrix = Optional.empty();
        if (!step.matrix().isEmpty()) {
            List<MatrixPlan.Axis> axes = new ArrayList<>();
            step.matrix()
                    .forEach(
                            (axis, values) -> {
                                String path = "matrix." + axis;
                                try {
                                    ValueTemplate v =
                                            ValueTemplate.compile(values, path, step::locationOf);
                                    axes.add(new MatrixPlan.Axis(axis, v, step.locationOf(path)));
                                    for (ReferenceSite site : v.sites()) {
                                        if (site.reference() instanceof Reference.Matrix) {
                                            problems.add(
                                                    new Problem(
                                                            site.at(),
                                                            "a matrix axis cannot refer to"
                                                                    + " matrix values; use params"
                                                                    + " or step outputs"));
                                        } else {
                                            sites.add(site);
                                        }
                                    }
                                } catch (ManifestException e) {
                                    problems.addAll(e.problems());
                                }
                            });
            matrix = Optional.of(new MatrixPlan(axes, step.parallelism()));
        }
        return new Compiled(with, env, argv, condition, matrix, sites);
    }

    private static Optional<Template> template(
            String raw, SourceLocation at, List<Problem> problems) {
        try {
            return Optional.of(Template.parse(raw, at));
        } catch (ManifestException e) {
            problems.addAll(e.problems());
            return Optional.empty();
        }
    }

    /** Checks one reference; returns the step it makes this one depend on, if any. */
    private Optional<String> checkReference(
            StepSpec step,
            ReferenceSite site,
            Pipeline pipeline,
            Map<String, StepSpec> byName,
            List<Problem> problems) {
        switch (site.reference()) {
            case Reference.StepOutput(String target, String output) -> {
                if (!checkStep(step, target, site.at(), "steps." + target, byName, problems)) {
                    return Optional.empty();
                }
                Set<String> declared =
                        knownOutputs.apply(byName.get(target)).orElse(Set.of(output));
                if (!declared.contains(output)) {
                    problems.add(
                            new Problem(
                                    site.at(),
                                    "step '"
                                            + target
                                            + "' has no output '"
                                            + output
                                            + "'"
                                            + ClosestName.hint(output, declared)
                                            + "; it has: "
                                            + String.join(
                                                    ", ", new java.util.TreeSet<>(declared))));
                }
                return Optional.of(target);
            }
            case Reference.Param(String name) -> {
                if (!pipeline.params().containsKey(name)) {
                    problems.add(
                            new Problem(
                                    site.at(),
                                    "unknown parameter 'params."
                                            + name
                                            + "'"
                                            + ClosestName.hint(name, pipeline.params().keySet())
                                            + ": declare it under spec.params"
                                            + known(pipeline.params().keySet())));
                }
            }
            case Reference.Matrix(String axis) -> {
                if (!step.matrix().containsKey(axis)) {
                    problems.add(
                            new Problem(
                                    site.at(),
                                    step.matrix().isEmpty()
                                            ? "'matrix."
                                                    + axis
                                                    + "' is used but step '"
                                                    + step.name()
                                                    + "' has no matrix:"
                                            : "unknown matrix axis '"
                                                    + axis
                                                    + "'"
                                                    + ClosestName.hint(axis, step.matrix().keySet())
                                                    + known(step.matrix().keySet())));
                }
            }
            case Reference.Env e -> {}
            case Reference.Run r -> {}
        }
        return Optional.empty();
    }

    private static boolean checkStep(
            StepSpec step,
            String target,
            SourceLocation at,
            String what,
            Map<String, StepSpec> byName,
            List<Problem> problems) {
        if (target.equals(step.name())) {
            problems.add(
                    new Problem(
                            at,
                            "dependency cycle: "
                                    + target
                                    + " -> "
                                    + target
                                    + " (step '"
                                    + target
                                    + "' refers to itself in "
                                    + what
                                    + ")"));
            return false;
        }
        if (!byName.containsKey(target)) {
            Set<String> others = new LinkedHashSet<>(byName.keySet());
            others.remove(step.name());
            problems.add(
                    new Problem(
                            at,
                            "unknown step '"
                                    + target
                                    + "' in "
                                    + what
                                    + ClosestName.hint(target, others)
                                    + known(others)));
            return false;
        }
        return true;
    }

    private static String known(Set<String> names) {
        return names.isEmpty() ? "" : "; known: " + String.join(", ", names);
    }
}
