package dev.ferry.core.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.pipeline.SourceLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private static final SourceLocation AT = new SourceLocation("p.yaml", 7, 15);

    private final MapScope scope =
            new MapScope()
                    .with("params.seed", 42L)
                    .with("params.rate", 0.05)
                    .with("params.name", "mnist")
                    .with("params.rates", List.of(0.01, 0.1))
                    .with("params.config", Map.of("depth", 3L, "layers", List.of(8L, 4L)))
                    .with("steps.split.outputs.train", Path.of("/a/train.csv"))
                    .with("matrix.lr", 0.1)
                    .with("env.HOME", "/home/me")
                    .with("run.id", "r-17");

    private static Object eval(String raw, Scope scope) {
        return Template.parse(raw, AT).evaluate(scope);
    }

    @Test
    void aLoneExpressionYieldsTheTypedValue() {
        assertThat(eval("${{ params.seed }}", scope)).isEqualTo(42L);
        assertThat(eval("${{ params.rate }}", scope)).isEqualTo(0.05);
        assertThat(eval("${{ params.rates }}", scope)).isEqualTo(List.of(0.01, 0.1));
        assertThat(eval("${{ steps.split.outputs.train }}", scope))
                .isEqualTo(Path.of("/a/train.csv"));
    }

    @Test
    void textAroundExpressionsInterpolatesThemAsStrings() {
        assertThat(eval("seed-${{ params.seed }}-${{ params.name }}", scope))
                .isEqualTo("seed-42-mnist");
        assertThat(eval("--lr=${{matrix.lr}}", scope)).isEqualTo("--lr=0.1");
        assertThat(eval("rates ${{ params.rates }}", scope)).isEqualTo("rates [0.01,0.1]");
        assertThat(eval("run ${{ run.id }} in ${{ env.HOME }}", scope))
                .isEqualTo("run r-17 in /home/me");
    }

    @Test
    void integralNumbersInterpolateWithoutAFraction() {
        assertThat(eval("n=${{ 3.0 }}", scope)).isEqualTo("n=3");
    }

    @Test
    void aStringWithoutExpressionsIsItself() {
        Template t = Template.parse("plain text", AT);
        assertThat(t.isLiteral()).isTrue();
        assertThat(t.evaluate(scope)).isEqualTo("plain text");
    }

    @Test
    void literalsHaveTheirTypes() {
        assertThat(eval("${{ 7 }}", scope)).isEqualTo(7L);
        assertThat(eval("${{ -2.5 }}", scope)).isEqualTo(-2.5);
        assertThat(eval("${{ 'it''s' }}", scope)).isEqualTo("it's");
        assertThat(eval("${{ true }}", scope)).isEqualTo(true);
        assertThat(eval("${{ null }}", scope)).isNull();
    }

    @Test
    void comparesNumbersByValueAndStringsLexically() {
        assertThat(eval("${{ params.seed == 42.0 }}", scope)).isEqualTo(true);
        assertThat(eval("${{ params.seed != 42 }}", scope)).isEqualTo(false);
        assertThat(eval("${{ params.rate < 0.1 }}", scope)).isEqualTo(true);
        assertThat(eval("${{ params.rate >= 0.1 }}", scope)).isEqualTo(false);
        assertThat(eval("${{ params.seed <= 42 && params.seed > 41 }}", scope)).isEqualTo(true);
        assertThat(eval("${{ params.name == 'mnist' }}", scope)).isEqualTo(true);
        assertThat(eval("${{ 'abc' < 'abd' }}", scope)).isEqualTo(true);
        assertThat(eval("${{ '42' == params.seed }}", scope)).isEqualTo(true);
    }

    @Test
    void booleanOperatorsShortCircuitAndYieldAnOperand() {
        assertThat(eval("${{ !true || params.name }}", scope)).isEqualTo("mnist");
        assertThat(eval("${{ 0 && params.missing }}", scope)).isEqualTo(0L);
        assertThat(eval("${{ !(params.seed == 42) }}", scope)).isEqualTo(false);
        assertThat(eval("${{ false || true && false }}", scope)).isEqualTo(false);
    }

    @Test
    void fieldsAndIndexesReachIntoMapsAndLists() {
        assertThat(eval("${{ params.config.depth }}", scope)).isEqualTo(3L);
        assertThat(eval("${{ params.config.layers[1] }}", scope)).isEqualTo(4L);
        assertThat(eval("${{ params.rates[0] }}", scope)).isEqualTo(0.01);
    }

    @Test
    void listsEveryReferenceWithItsKind() {
        Template t =
                Template.parse(
                        "${{ steps.split.outputs.train }} ${{ params.seed }} ${{ matrix.lr }}"
                                + " ${{ env.HOME }} ${{ run.id }} ${{ params.seed }}",
                        AT);
        assertThat(t.references())
                .containsExactly(
                        new Reference.StepOutput("split", "train"),
                        new Reference.Param("seed"),
                        new Reference.Matrix("lr"),
                        new Reference.Env("HOME"),
                        new Reference.Run("id"));
    }

    @Test
    void referenceSitesPointAtTheirColumn() {
        Template t = Template.parse("x ${{ params.seed }}", AT);
        assertThat(t.sites().getFirst().at()).isEqualTo(new SourceLocation("p.yaml", 7, 21));
    }

    @Test
    void stepNamesMayContainHyphens() {
        assertThat(Template.parse("${{ steps.fetch-data.outputs.file }}", AT).references())
                .containsExactly(new Reference.StepOutput("fetch-data", "file"));
    }

    @Test
    void rejectsAnUnclosedExpressionAtItsOpening() {
        assertThatThrownBy(() -> Template.parse("a ${{ params.seed", AT))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("p.yaml:7:17: error: expression is not closed: expected '}}'");
    }

    @Test
    void rejectsAnUnknownRootNamingTheValidOnes() {
        assertThatThrownBy(() -> Template.parse("${{ parms.seed }}", AT))
                .hasMessageStartingWith(
                        "p.yaml:7:19: error: unknown name 'parms': expected params.NAME,"
                                + " steps.STEP.outputs.NAME");
    }

    @Test
    void rejectsAStepReferenceWithoutOutputs() {
        assertThatThrownBy(() -> Template.parse("${{ steps.split.train }}", AT))
                .hasMessage(
                        "p.yaml:7:31: error: unexpected 'train': expected"
                                + " steps.split.outputs.NAME");
    }

    @Test
    void rejectsDoubleQuotedStringsWithAHint() {
        assertThatThrownBy(() -> Template.parse("${{ params.name == \"x\" }}", AT))
                .hasMessage(
                        "p.yaml:7:34: error: unexpected character '\"' in expression (strings"
                                + " use single quotes: 'text')");
    }

    @Test
    void rejectsASingleEqualsSign() {
        assertThatThrownBy(() -> Template.parse("${{ params.seed = 1 }}", AT))
                .hasMessageContaining(
                        "7:31: error: unexpected character '=' in expression"
                                + " (compare with '==')");
    }

    @Test
    void rejectsADanglingOperator() {
        assertThatThrownBy(() -> Template.parse("${{ params.seed && }}", AT))
                .hasMessageStartingWith("p.yaml:7:34: error: unexpected '}}': expected");
    }

    @Test
    void rejectsTwoValuesWithoutAnOperator() {
        assertThatThrownBy(() -> Template.parse("${{ params.seed 1 }}", AT))
                .hasMessage("p.yaml:7:31: error: unexpected '1': expected an operator or '}}'");
    }

    @Test
    void rejectsAnEmptyExpression() {
        assertThatThrownBy(() -> Template.parse("${{ }}", AT))
                .hasMessageStartingWith("p.yaml:7:19: error: empty expression");
    }

    @Test
    void rejectsUnknownFunctions() {
        assertThatThrownBy(() -> Template.parse("${{ contains(params.name) }}", AT))
                .hasMessage(
                        "p.yaml:7:19: error: unknown function 'contains': expected success(),"
                                + " failure(), always() or cancelled()");
    }

    @Test
    void rejectsAnUnclosedString() {
        assertThatThrownBy(() -> Template.parse("${{ 'abc }}", AT))
                .hasMessage(
                        "p.yaml:7:19: error: string is not closed: expected a closing single"
                                + " quote");
    }

    @Test
    void locatesErrorsOnLaterLinesOfAMultiLineValue() {
        assertThatThrownBy(() -> Template.parse("first line\n  ${{ params. }}", AT))
                .hasMessageStartingWith("p.yaml:8:15: error: unexpected '}}'");
    }

    @Test
    void aMissingValueNamesTheReferenceAndItsPlace() {
        assertThatThrownBy(() -> eval("x ${{ steps.train.outputs.model }}", new MapScope()))
                .hasMessage("p.yaml:7:21: error: 'steps.train.outputs.model' has no value here");
    }

    @Test
    void orderingValuesOfDifferentKindsIsAnError() {
        assertThatThrownBy(() -> eval("${{ params.rates < 1 }}", scope))
                .hasMessage(
                        "p.yaml:7:32: error: cannot order list and number: expected two numbers"
                                + " or two strings");
    }

    @Test
    void indexingOutsideAListIsAnError() {
        assertThatThrownBy(() -> eval("${{ params.rates[5] }}", scope))
                .hasMessage("p.yaml:7:31: error: index 5 is outside the list of 2");
    }
}
