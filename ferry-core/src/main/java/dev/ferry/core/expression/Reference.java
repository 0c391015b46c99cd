package dev.ferry.core.expression;

/**
 * What an expression can refer to. The engine answers each kind through {@link Scope#lookup}; the
 * planner turns {@link StepOutput} references into dependencies.
 */
public sealed interface Reference {

    /** How the reference is written, e.g. {@code steps.split.outputs.train}. */
    String text();

    /** {@code params.NAME}: a pipeline parameter. */
    record Param(String name) implements Reference {
        @Override
        public String text() {
            return "params." + name;
        }
    }

    /** {@code steps.STEP.outputs.OUTPUT}: an output of another step. */
    record StepOutput(String step, String output) implements Reference {
        @Override
        public String text() {
            return "steps." + step + ".outputs." + output;
        }
    }

    /** {@code matrix.AXIS}: this matrix point's value on one axis. */
    record Matrix(String axis) implements Reference {
        @Override
        public String text() {
            return "matrix." + axis;
        }
    }

    /** {@code env.NAME}: an environment variable of the step. */
    record Env(String name) implements Reference {
        @Override
        public String text() {
            return "env." + name;
        }
    }

    /** {@code run.FIELD}: a fact about the current run ({@code id}, {@code pipeline}). */
    record Run(String field) implements Reference {
        @Override
        public String text() {
            return "run." + field;
        }
    }
}
