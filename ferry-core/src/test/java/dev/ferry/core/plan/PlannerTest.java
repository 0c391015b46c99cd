package dev.ferry.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.pipeline.ManifestException;
import dev.ferry.api.pipeline.ObjectMeta;
import dev.ferry.api.pipeline.Pipeline;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.api.pipeline.SourceLocation;
import dev.ferry.core.expression.Reference;
import dev.ferry.core.expression.Scope;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private final Planner planner = new Planner();

    private static Pipeline pipeline(StepBuilder... steps) {
        return new Pipeline(
                ObjectMeta.named("p"),
                new java.util.TreeMap<>(Map.of("seed", 1, "rates", List.of(0.1, 0.2))),
                Map.of(),
                java.util.Arrays.stream(steps).map(StepBuilder::build).toList(),
                new SourceLocation("p.yaml", 1, 1));
    }

    private static StepBuilder step(String name, int line) {
        return new StepBuilder(name, line);
    }

    private static List<String> messages(Pipeline pipeline) {
        try {
            new Planner().plan(pipeline);
        } catch (ManifestException e) {
            return e.problems().stream().map(Problem::render).toList();
        }
        throw new AssertionError("expected the pipeline to be rejected");
    }

    @Test
    void infersDependenciesFromExpressionsAsWellAsNeeds() {
        Plan plan =
                planner.plan(
                        pipeline(
                                step("train", 10)
                                        .with("data", "${{ steps.split.outputs.train }}")
                                        .needs("check"),
                                step("split", 20).with("data", "${{ steps.ingest.outputs.rows }}"),
                                step("ingest", 30),
                                step("check", 40)));

        assertThat(plan.steps())
                .extracting(PlannedStep::name)
                .containsExactly("ingest", "split", "check", "train");
        assertThat(plan.step("train").orElseThrow().dependencies())
                .containsExactly("check", "split");
        assertThat(plan.roots()).extracting(PlannedStep::name).containsExactly("ingest", "check");
        assertThat(plan.dependents("ingest"))
                .extracting(PlannedStep::name)
                .containsExactly("split");
        assertThat(plan.steps()).extracting(PlannedStep::index).containsExactly(0, 1, 2, 3);
    }

    @Test
    void keepsManifestOrderAmongIndependentSteps() {
        Plan plan = planner.plan(pipeline(step("c", 10), step("a", 20), step("b", 30)));
        assertThat(plan.steps()).extracting(PlannedStep::name).containsExactly("c", "a", "b");
    }

    @Test
    void reportsACycleWithItsPath() {
        assertThat(
                        messages(
                                pipeline(
                                        step("a", 10).with("x", "${{ steps.c.outputs.o }}"),
                                        step("b", 20).needs("a"),
                                        step("c", 30).with("y", "${{ steps.b.outputs.o }}"),
                                        step("d", 40))))
                .containsExactly(
                        "p.yaml:11:13: error: dependency cycle: a -> c -> b -> a (each step needs"
                                + " the next; remove one of these dependencies)");
    }

    @Test
    void reportsAStepThatNeedsItself() {
        assertThat(messages(pipeline(step("a", 10).needs("a"))))
                .containsExactly(
                        "p.yaml:11:9: error: dependency cycle: a -> a (step 'a' refers to itself in"
                                + " needs)");
    }

    @Test
    void rejectsAStepThatNeedsAnUnknownStepSuggestingTheClosest() {
        assertThat(messages(pipeline(step("split", 10), step("train", 20).needs("splt"))))
                .containsExactly(
                        "p.yaml:21:9: error: unknown step 'splt' in needs (did you mean 'split'?);"
                                + " known: split");
    }

    @Test
    void rejectsAnExpressionNamingAnUnknownStepAtItsColumn() {
        assertThat(
                        messages(
                                pipeline(
                                        step("split", 10),
                                        step("train", 20)
                                                .with("d", "${{ steps.spilt.outputs.train }}"))))
                .containsExactly(
                        "p.yaml:21:13: error: unknown step 'spilt' in steps.spilt (did you mean"
                                + " 'split'?); known: split");
    }

    @Test
    void rejectsDuplicateStepNames() {
        assertThat(messages(pipeline(step("a", 10), step("a", 20))))
                .containsExactly(
                        "p.yaml:20:5: error: duplicate step name 'a': already used at line 10;"
                                + " step names must be unique");
    }

    @Test
    void rejectsUndeclaredParamsAndMatrixAxes() {
        assertThat(
                        messages(
                                pipeline(
                                        step("a", 10)
                                                .with("s", "${{ params.sed }}")
                                                .with("lr", "${{ matrix.lr }}"))))
                .containsExactly(
                        "p.yaml:11:13: error: unknown parameter 'params.sed' (did you mean"
                                + " 'seed'?): declare it under spec.params; known: rates, seed",
                        "p.yaml:12:13: error: 'matrix.lr' is used but step 'a' has no matrix:");
    }

    @Test
    void checksReferencedOutputsAgainstDeclaredOnes() {
        assertThat(
                        messages(
                                pipeline(
                                        step("train", 10)
                                                .run("python3", "t.py")
                                                .output("model", "m.onnx"),
                                        step("eval", 20)
                                                .with("m", "${{ steps.train.outputs.modle }}"))))
                .containsExactly(
                        "p.yaml:21:13: error: step 'train' has no output 'modle' (did you mean"
                                + " 'model'?); it has: model");
    }

    @Test
    void collectsEveryProblemInFileOrder() {
        assertThat(
                        messages(
                                pipeline(
                                        step("a", 10).with("x", "${{ params. }}"),
                                        step("b", 20).needs("zzz"),
                                        step("c", 30).when("${{ matrix.k > }}"))))
                .hasSize(3)
                .extracting(m -> m.substring(0, m.indexOf(": error")))
                .containsExactly("p.yaml:11:21", "p.yaml:21:9", "p.yaml:30:20");
    }

    @Test
    void expandsAMatrixInOrderWithTheFirstAxisSlowest() {
        Plan plan =
                planner.plan(
                        pipeline(
                                step("train", 10)
                                        .matrix("lr", List.of(0.01, 0.1))
                                        .matrix("depth", List.of(2, 3, 4))
                                        .with("lr", "${{ matrix.lr }}")));
        MatrixPlan matrix = plan.step("train").orElseThrow().matrix().orElseThrow();
        assertThat(plan.step("train").orElseThrow().isMatrix()).isTrue();
        assertThat(matrix.staticSize()).contains(6);
        assertThat(matrix.points(r -> Optional.empty()))
                .containsExactly(
                        Map.of("lr", 0.01, "depth", 2),
                        Map.of("lr", 0.01, "depth", 3),
                        Map.of("lr", 0.01, "depth", 4),
                        Map.of("lr", 0.1, "depth", 2),
                        Map.of("lr", 0.1, "depth", 3),
                        Map.of("lr", 0.1, "depth", 4));
    }

    @Test
    void resolvesAMatrixAxisGivenAsAnExpression() {
        Plan plan = planner.plan(pipeline(step("train", 10).matrix("lr", "${{ params.rates }}")));
        MatrixPlan matrix = plan.step("train").orElseThrow().matrix().orElseThrow();
        Scope scope =
                r ->
                        r.equals(new Reference.Param("rates"))
                                ? Optional.of(List.of(1, 2))
                                : Optional.empty();
        assertThat(matrix.staticSize()).isEmpty();
        assertThat(matrix.points(scope)).containsExactly(Map.of("lr", 1), Map.of("lr", 2));
    }

    @Test
    void rejectsAMatrixAxisThatIsNotAList() {
        Plan plan = planner.plan(pipeline(step("train", 10).matrix("lr", "${{ params.seed }}")));
        MatrixPlan matrix = plan.step("train").orElseThrow().matrix().orElseThrow();
        assertThatThrownBy(() -> matrix.points(r -> Optional.of(1)))
                .hasMessage(
                        "p.yaml:10:5: error: matrix axis 'lr' must be a non-empty list of values,"
                                + " got '1'");
    }

    @Test
    void compilesRunArgumentsAndConditions() {
        Plan plan =
                planner.plan(
                        pipeline(
                                step("a", 10),
                                step("b", 20)
                                        .run("python3", "x.py", "--in=${{ steps.a.outputs.f }}")
                                        .when("params.seed > 0")));
        PlannedStep b = plan.step("b").orElseThrow();
        assertThat(b.dependencies()).containsExactly("a");
        Scope scope =
                r ->
                        switch (r) {
                            case Reference.StepOutput o -> Optional.of("/tmp/f");
                            case Reference.Param p -> Optional.of(3);
                            default -> Optional.empty();
                        };
        assertThat(b.argv())
                .extracting(t -> t.evaluate(scope))
                .containsExactly("python3", "x.py", "--in=/tmp/f");
        assertThat(b.condition().orElseThrow().test(scope)).isTrue();
    }
}
