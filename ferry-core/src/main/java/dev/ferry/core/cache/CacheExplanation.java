package dev.ferry.core.cache;

import java.util.List;
import java.util.Optional;

/**
 * Why one step (or matrix point) of a run was or was not served from the cache.
 *
 * @param previousRunId the earlier run compared against, if there was one
 * @param changes the key components that differ from that run, in key order
 * @param summary one sentence for humans
 */
public record CacheExplanation(
        String step,
        int matrixIndex,
        Verdict verdict,
        Optional<String> cachedFrom,
        Optional<String> previousRunId,
        List<Change> changes,
        String summary) {

    public CacheExplanation {
        changes = List.copyOf(changes);
    }

    /** The short answer. */
    public enum Verdict {
        /** Outputs were reused from {@code cachedFrom}. */
        CACHED,
        /** The step ran because caching was off for it or for the run. */
        DISABLED,
        /** The step ran because no earlier run of it exists. */
        NO_PREVIOUS,
        /** The step ran because its key differs from the previous run's. */
        CHANGED,
        /** The key matched, but the earlier outputs could not be reused (failed or collected). */
        UNCHANGED,
        /** The step has not been keyed in this run (skipped, not reached, or a suspend step). */
        NOT_KEYED
    }

    /**
     * One key component that differs: absent before (added), absent after (removed), or both
     * present with different values.
     */
    public record Change(String component, Optional<String> before, Optional<String> after) {

        /** E.g. {@code input:learning_rate: 0.01 -> 0.05}. */
        public String describe() {
            return component + ": " + before.orElse("(absent)") + " -> " + after.orElse("(absent)");
        }
    }
}
