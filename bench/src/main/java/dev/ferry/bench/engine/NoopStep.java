package dev.ferry.bench.engine;

import dev.ferry.api.step.Step;
import dev.ferry.api.step.StepContext;
import dev.ferry.api.step.StepSignature;
import java.util.Set;

/** A built-in step that does nothing, to measure what the engine costs around a step. */
final class NoopStep implements Step {

    @Override
    public String name() {
        return "bench/noop";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public StepSignature signature() {
        return new StepSignature(Set.of(), Set.of("i", "after"), Set.of());
    }

    @Override
    public void execute(StepContext context) {}
}
