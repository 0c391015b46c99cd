package dev.ferry.core.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.pipeline.SourceLocation;
import org.junit.jupiter.api.Test;

class ConditionTest {
    private static final SourceLocation AT = new SourceLocation("p.yaml", 3, 9);

    @Test
    void acceptsAWrappedOrABareExpression() {
        MapScope scope = new MapScope().with("params.epochs", 5L);
        assertThat(Condition.parse("${{ params.epochs > 3 }}", AT).test(scope)).isTrue();
        assertThat(Condition.parse("params.epochs > 7", AT).test(scope)).isFalse();
    }

    @Test
    void holdsOnlyAfterSuccessUnlessAStatusFunctionDecides() {
        MapScope failed = new MapScope().failed();
        assertThat(Condition.parse("true", AT).test(failed)).isFalse();
        assertThat(Condition.parse("${{ always() }}", AT).test(failed)).isTrue();
        assertThat(Condition.parse("failure()", AT).test(failed)).isTrue();
        assertThat(Condition.parse("success()", AT).test(failed)).isFalse();
        assertThat(Condition.parse("failure()", AT).test(new MapScope())).isFalse();
        assertThat(Condition.parse("failure()", AT).callsStatusFunction()).isTrue();
    }

    @Test
    void locatesErrorsInABareExpression() {
        assertThatThrownBy(() -> Condition.parse("params.x >", AT))
                .hasMessageStartingWith("p.yaml:3:19: error: unexpected '}}'");
    }

    @Test
    void rejectsTextAroundTheExpression() {
        assertThatThrownBy(() -> Condition.parse("yes ${{ params.x }}", AT))
                .hasMessageStartingWith("p.yaml:3:9: error: 'if:' must be a single expression");
    }
}
