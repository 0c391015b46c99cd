package dev.ferry.api.pipeline;

import java.util.List;

/** What a step does: call a built-in step, run a process, or wait for approval. */
public sealed interface StepAction {

    /** {@code uses: ferry/split} (optionally {@code @version}): a built-in Java step. */
    record Uses(String ref) implements StepAction {}

    /** {@code run: [python3, train.py]}: a process, as an argv array, never a shell string. */
    record Run(List<String> argv) implements StepAction {
        public Run {
            argv = List.copyOf(argv);
        }
    }

    /** {@code suspend: {}}: waits until {@code ferry approve RUN STEP}. */
    record Suspend() implements StepAction {}
}
