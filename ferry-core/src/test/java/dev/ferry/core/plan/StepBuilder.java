package dev.ferry.core.plan;

import dev.ferry.api.pipeline.RetrySpec;
import dev.ferry.api.pipeline.SourceLocation;
import dev.ferry.api.pipeline.StepAction;
import dev.ferry.api.pipeline.StepSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds steps in code for planner tests; step n sits on line 10n of "p.yaml". */
final class StepBuilder {
    private final String name;
    private final int line;
    private StepAction action = new StepAction.Uses("ferry/fetch-file");
    private final Map<String, Object> with = new LinkedHashMap<>();
    private final List<String> needs = new ArrayList<>();
    private final Map<String, Object> matrix = new LinkedHashMap<>();
    private final Map<String, String> outputs = new LinkedHashMap<>();
    private Optional<String> condition = Optional.empty();

    StepBuilder(String name, int line) {
        this.name = name;
        this.line = line;
    }

    StepBuilder with(String key, Object value) {
        with.put(key, value);
        return this;
    }

    StepBuilder needs(String... steps) {
        needs.addAll(List.of(steps));
        return this;
    }

    StepBuilder matrix(String axis, Object values) {
        matrix.put(axis, values);
        return this;
    }

    StepBuilder output(String name, String path) {
        outputs.put(name, path);
        return this;
    }

    StepBuilder run(String... argv) {
        action = new StepAction.Run(List.of(argv));
        return this;
    }

    StepBuilder when(String expression) {
        condition = Optional.of(expression);
        return this;
    }

    StepSpec build() {
        Map<String, SourceLocation> locations = new LinkedHashMap<>();
        int offset = 1;
        for (String key : with.keySet()) {
            locations.put("with." + key, new SourceLocation("p.yaml", line + offset++, 9));
        }
        for (int i = 0; i < needs.size(); i++) {
            locations.put("needs." + i, new SourceLocation("p.yaml", line + offset++, 9));
        }
        return new StepSpec(
                name,
                action,
                with,
                Map.of(),
                needs,
                condition,
                matrix,
                0,
                RetrySpec.NONE,
                Optional.empty(),
                true,
                outputs,
                List.of(),
                new SourceLocation("p.yaml", line, 5),
                locations);
    }
}
