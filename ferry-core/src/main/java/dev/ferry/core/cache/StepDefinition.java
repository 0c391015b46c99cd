package dev.ferry.core.cache;

import java.nio.file.Path;
import java.util.List;

/** What a step runs, as far as its cache key is concerned. */
public sealed interface StepDefinition {

    /** A built-in step: its name and the version it declares. */
    record Builtin(String uses, String version) implements StepDefinition {}

    /**
     * A process step: its resolved argv and the files declared under {@code code:}, relative to
     * {@code baseDir}.
     */
    record Process(List<String> argv, List<String> code, Path baseDir) implements StepDefinition {
        public Process {
            argv = List.copyOf(argv);
            code = List.copyOf(code);
        }
    }
}
