package dev.ferry.core.engine;

import dev.ferry.api.step.Step;
import dev.ferry.core.step.StepCatalog;
import java.util.List;

/** Catalogs of the given steps for engine tests. */
final class TestCatalogs {
    private TestCatalogs() {}

    static StepCatalog of(Step... steps) {
        return new StepCatalog(List.of(steps));
    }
}
