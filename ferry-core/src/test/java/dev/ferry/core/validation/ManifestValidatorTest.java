package dev.ferry.core.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.pipeline.ManifestException;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.core.plan.Plan;
import dev.ferry.core.plan.PlannedStep;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of malformed manifest, with the exact message, line and column a user sees. */
class ManifestValidatorTest {
    private static final String HEAD =
            """
            apiVersion: ferry.dev/v1
            kind: Pipeline
            metadata:
              name: demo
            spec:
              params:
                seed: 42
              steps:
            """;

    private final ManifestValidator validator = ManifestValidator.standard();

    /** Problems of a pipeline whose steps start on line 9. */
    private List<String> problems(String steps) {
        return validator.validate("p.yaml", HEAD + steps.indent(4)).stream()
                .map(Problem::render)
                .toList();
    }

    @Test
    void aValidPipelineHasNoProblemsAndPlans() {
        String steps =
                """
                - name: fetch
                  uses: ferry/fetch-file
                  with: {path: data.csv}
                - name: train
                  run: [python3, train.py, "${{ steps.fetch.outputs.file }}"]
                """;
        assertThat(problems(steps)).isEmpty();
        Plan plan = validator.plan("p.yaml", HEAD + steps.indent(4));
        assertThat(plan.steps()).extracting(PlannedStep::name).containsExactly("fetch", "train");
    }

    @Test
    void rejectsAnUnknownFieldSuggestingTheClosest() {
        assertThat(problems("- name: a\n  run: [x]\n  nedds: [b]\n"))
                .containsExactly(
                        "p.yaml:11:7: error: unknown field 'nedds' in spec.steps[0] (did you mean"
                            + " 'needs'?); expected one of: name, uses, run, suspend, with, env,"
                            + " needs, if, matrix, parallelism, retry, timeout, cache, outputs,"
                            + " code");
    }

    @Test
    void rejectsAWrongType() {
        assertThat(problems("- name: a\n  run: [x]\n  retry: {limit: two}\n"))
                .containsExactly(
                        "p.yaml:11:22: error: wrong type for 'spec.steps[0].retry.limit': expected"
                                + " an integer, got a string");
    }

    @Test
    void rejectsARunCommandWrittenAsAShellString() {
        assertThat(problems("- name: a\n  run: python3 train.py\n"))
                .containsExactly(
                        "p.yaml:10:12: error: 'run' must be an argv list such as [python3,"
                                + " train.py], never a shell string");
    }

    @Test
    void rejectsAMissingRequiredField() {
        assertThat(problems("- run: [x]\n"))
                .containsExactly(
                        "p.yaml:9:7: error: missing required field 'name' in spec.steps[0]");
    }

    @Test
    void rejectsAStepWithoutAnAction() {
        assertThat(problems("- name: a\n  with: {x: 1}\n"))
                .containsExactly(
                        "p.yaml:9:7: error: step 'a' must have exactly one of uses:, run: or"
                            + " suspend: (uses: a built-in step such as ferry/fetch-file; run: an"
                            + " argv list; suspend: {})");
    }

    @Test
    void rejectsAStepWithTwoActions() {
        assertThat(problems("- name: a\n  run: [x]\n  suspend: {}\n"))
                .containsExactly(
                        "p.yaml:11:7: error: step 'a' must have exactly one of uses:, run: or"
                                + " suspend:, found run and suspend");
    }

    @Test
    void rejectsNeedsOfAMissingStep() {
        assertThat(problems("- name: fetch\n  run: [x]\n- name: b\n  run: [y]\n  needs: [fecth]\n"))
                .containsExactly(
                        "p.yaml:13:15: error: unknown step 'fecth' in needs (did you mean"
                                + " 'fetch'?); known: fetch");
    }

    @Test
    void rejectsAnExpressionNamingAMissingStep() {
        assertThat(problems("- name: b\n  run: [x, \"${{ steps.trian.outputs.model }}\"]\n"))
                .containsExactly("p.yaml:10:21: error: unknown step 'trian' in steps.trian");
    }

    @Test
    void rejectsAnUnknownBuiltInStepSuggestingCloseNames() {
        assertThat(problems("- name: a\n  uses: ferry/fetch-fiel\n"))
                .singleElement()
                .asString()
                .startsWith(
                        "p.yaml:10:13: error: unknown step 'ferry/fetch-fiel' (did you mean"
                                + " 'ferry/fetch-file'?); available: ")
                .contains("ferry/fetch-file");
    }

    @Test
    void rejectsAVersionThatIsNotInstalled() {
        assertThat(problems("- name: a\n  uses: ferry/fetch-file@7\n  with: {path: x}\n"))
                .containsExactly(
                        "p.yaml:10:13: error: step 'ferry/fetch-file' is installed in version 1,"
                                + " not 7");
    }

    @Test
    void rejectsAnUnknownInputOfABuiltInStep() {
        assertThat(
                        problems(
                                "- name: a\n"
                                        + "  uses: ferry/fetch-file\n"
                                        + "  with:\n"
                                        + "    path: x\n"
                                        + "    sha: abc\n"))
                .containsExactly(
                        "p.yaml:13:14: error: unknown input 'sha' of ferry/fetch-file (did you mean"
                                + " 'sha256'?); it accepts: path, sha256, type");
    }

    @Test
    void locatesAnUnknownNestedInputAtItsKey() {
        assertThat(
                        problems(
                                "- name: a\n"
                                        + "  uses: ferry/fetch-file\n"
                                        + "  with:\n"
                                        + "    path: x\n"
                                        + "    pin:\n"
                                        + "      sha: abc\n"))
                .containsExactly(
                        "p.yaml:13:9: error: unknown input 'pin' of ferry/fetch-file; it accepts:"
                                + " path, sha256, type");
    }

    @Test
    void rejectsAMissingRequiredInputOfABuiltInStep() {
        assertThat(problems("- name: a\n  uses: ferry/fetch-file\n"))
                .containsExactly(
                        "p.yaml:10:13: error: missing required input 'path' of ferry/fetch-file"
                                + " under with:");
    }

    @Test
    void rejectsAnOutputTheBuiltInStepDoesNotProduce() {
        assertThat(
                        problems(
                                "- name: a\n"
                                        + "  uses: ferry/fetch-file\n"
                                        + "  with: {path: x}\n"
                                        + "- name: b\n"
                                        + "  run: [x, \"${{ steps.a.outputs.fiel }}\"]\n"))
                .containsExactly(
                        "p.yaml:13:21: error: step 'a' has no output 'fiel' (did you mean 'file'?);"
                                + " it has: digest, file");
    }

    @Test
    void rejectsBadExpressionSyntaxAtTheColumn() {
        assertThat(problems("- name: a\n  run: [x]\n  env:\n    SEED: ${{ params.seed = 1 }}\n"))
                .containsExactly(
                        "p.yaml:12:31: error: unexpected character '=' in expression (compare with"
                                + " '==')");
    }

    @Test
    void rejectsAnUndeclaredParameter() {
        assertThat(problems("- name: a\n  run: [x, \"${{ params.sede }}\"]\n"))
                .containsExactly(
                        "p.yaml:10:21: error: unknown parameter 'params.sede' (did you mean"
                                + " 'seed'?): declare it under spec.params; known: seed");
    }

    @Test
    void rejectsADependencyCycleShowingItsPath() {
        String steps =
                """
                - name: a
                  run: [x]
                  needs: [c]
                - name: b
                  run: [x]
                  needs: [a]
                - name: c
                  run: [x, "${{ steps.b.outputs.o }}"]
                """;
        assertThat(problems(steps))
                .containsExactly(
                        "p.yaml:11:15: error: dependency cycle: a -> c -> b -> a (each step needs"
                                + " the next; remove one of these dependencies)");
    }

    @Test
    void rejectsDuplicateStepNames() {
        assertThat(problems("- name: a\n  run: [x]\n- name: a\n  run: [y]\n"))
                .containsExactly(
                        "p.yaml:11:7: error: duplicate step name 'a': already used at line 9; step"
                                + " names must be unique");
    }

    @Test
    void rejectsInvalidStepNames() {
        assertThat(problems("- name: 1st step\n  run: [x]\n"))
                .containsExactly(
                        "p.yaml:9:13: error: invalid value '1st step' for 'spec.steps[0].name':"
                            + " expected a name of letters, digits, '_' and '-', starting with a"
                            + " letter or '_'");
    }

    @Test
    void rejectsInvalidPipelineAndParameterNames() {
        String yaml =
                """
                apiVersion: ferry.dev/v1
                kind: Pipeline
                metadata:
                  name: My_Pipeline
                spec:
                  params:
                    learning rate: 0.1
                  steps: [{name: a, run: [x]}]
                """;
        assertThat(validator.validate("p.yaml", yaml))
                .extracting(Problem::render)
                .containsExactly(
                        "p.yaml:4:9: error: invalid value 'My_Pipeline' for 'metadata.name':"
                            + " expected a lowercase name of letters, digits, '-' and '.', starting"
                            + " and ending with a letter or digit (e.g. mnist-train)",
                        "p.yaml:7:5: error: invalid name 'learning rate' in 'spec.params': expected"
                            + " a name of letters, digits, '_' and '-', starting with a letter or"
                            + " '_'");
    }

    @Test
    void rejectsInvalidDurations() {
        assertThat(problems("- name: a\n  run: [x]\n  timeout: 10 minutes\n"))
                .containsExactly(
                        "p.yaml:11:16: error: invalid value '10 minutes' for"
                                + " 'spec.steps[0].timeout': expected a duration such as 250ms, 5s,"
                                + " 30m or 1h30m");
    }

    @Test
    void rejectsYamlSyntaxErrors() {
        assertThat(
                        validator.validate(
                                "p.yaml", "apiVersion: ferry.dev/v1\nkind: [Pipeline\nspec: {}\n"))
                .extracting(Problem::render)
                .singleElement()
                .asString()
                .startsWith("p.yaml:3:5: error: YAML syntax error: ");
    }

    @Test
    void rejectsDuplicateKeys() {
        assertThat(problems("- name: a\n  run: [x]\n  run: [y]\n"))
                .containsExactly(
                        "p.yaml:11:7: error: duplicate key 'run' (first written at line 10)");
    }

    @Test
    void rejectsAnUnknownKindAndApiVersion() {
        assertThat(validator.validate("p.yaml", "apiVersion: ferry.dev/v1\nkind: Pipelin\n"))
                .extracting(Problem::render)
                .containsExactly(
                        "p.yaml:2:7: error: unknown kind 'Pipelin' (did you mean 'Pipeline'?);"
                                + " expected one of: Pipeline");
        assertThat(validator.validate("p.yaml", "apiVersion: v1\nkind: Pipeline\n"))
                .extracting(Problem::render)
                .containsExactly(
                        "p.yaml:1:13: error: unsupported apiVersion 'v1': expected ferry.dev/v1");
    }

    @Test
    void collectsEveryProblemOfAFileInOrder() {
        String steps =
                """
                - name: a
                  run: [x]
                  timeout: soon
                  cahce: false
                - name: b
                  run: [x]
                  retry: {limit: -1}
                """;
        assertThat(problems(steps))
                .extracting(m -> m.substring(0, m.indexOf(": error")))
                .containsExactly("p.yaml:11:16", "p.yaml:12:7", "p.yaml:15:22");
    }

    @Test
    void reportsSchemaStepAndReferenceProblemsOfOneFileTogether() {
        String steps =
                """
                - name: fetch
                  uses: ferry/fetch-file
                  with: {path: x, sha: 1}
                  timeout: 30 min
                - name: split
                  uses: ferry/splitt
                  needs: fetch
                - name: train
                  run: [x, "${{ steps.fecth.outputs.file }}"]
                  retry: {limit: many}
                """;
        assertThat(problems(steps))
                .containsExactly(
                        "p.yaml:11:28: error: unknown input 'sha' of ferry/fetch-file (did you mean"
                                + " 'sha256'?); it accepts: path, sha256, type",
                        "p.yaml:12:16: error: invalid value '30 min' for 'spec.steps[0].timeout':"
                                + " expected a duration such as 250ms, 5s, 30m or 1h30m",
                        "p.yaml:14:13: error: unknown step 'ferry/splitt'; available:"
                                + " ferry/fetch-file",
                        "p.yaml:17:21: error: unknown step 'fecth' in steps.fecth (did you mean"
                                + " 'fetch'?); known: fetch, split",
                        "p.yaml:18:22: error: wrong type for 'spec.steps[2].retry.limit': expected"
                                + " an integer, got a string");
    }

    @Test
    void reportsStructureAndReferenceProblemsOfDifferentDocumentsTogether() {
        String good = HEAD + "- name: a\n  run: [x]\n  needs: [zz]\n".indent(4);
        String bad =
                "apiVersion: ferry.dev/v1\n"
                        + "kind: Pipeline\n"
                        + "metadata: {name: x}\n"
                        + "spec: {steps: []}\n";
        assertThat(validator.validate("p.yaml", good + "---\n" + bad))
                .extracting(Problem::render)
                .containsExactly(
                        "p.yaml:11:15: error: unknown step 'zz' in needs",
                        "p.yaml:16:15: error: 'spec.steps' must not be empty");
    }

    @Test
    void planningAnInvalidPipelineThrowsWithEveryProblem() {
        assertThatThrownBy(
                        () ->
                                validator.plan(
                                        "p.yaml",
                                        HEAD
                                                + "- name: a\n  uses: nope/x\n  needs: [q]\n"
                                                        .indent(4)))
                .isInstanceOfSatisfying(
                        ManifestException.class, e -> assertThat(e.problems()).hasSize(2));
    }

    @Test
    void validateCommandPrintsCompilerStyleLinesAndExitsWithTwo(@TempDir Path dir)
            throws Exception {
        Path good = dir.resolve("good.yaml");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(good, HEAD + "- name: a\n  run: [x]\n".indent(4));
        Files.writeString(bad, HEAD + "- name: a\n  run: [x]\n  needs: [b]\n".indent(4));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code =
                validator.run(
                        List.of(good, bad),
                        true,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(good + ": ok\n");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo(bad + ":11:15: error: unknown step 'b' in needs\n");
        assertThat(validator.run(List.of(good), false, new PrintStream(out), new PrintStream(err)))
                .isZero();
    }
}
