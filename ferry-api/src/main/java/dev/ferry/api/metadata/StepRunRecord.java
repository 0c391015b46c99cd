package dev.ferry.api.metadata;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt of one step (or one matrix point of a step) in a run.
 *
 * @param id unique id of this attempt
 * @param matrixIndex position in the step's matrix expansion, 0 for a step without a matrix
 * @param matrix the matrix values of this point (empty without a matrix)
 * @param inputs the resolved {@code with:} values the attempt ran with (typed JSON values)
 * @param cacheKey the step's cache key, {@code sha256:<hex>}
 * @param cachedFrom for a CACHED step, the id of the step run whose outputs were reused
 */
public record StepRunRecord(
        String id,
        String runId,
        String stepName,
        int matrixIndex,
        Map<String, Object> matrix,
        int attempt,
        StepState state,
        Map<String, Object> inputs,
        Optional<String> cacheKey,
        Optional<String> cachedFrom,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        Optional<Integer> exitCode,
        Optional<String> message) {

    public StepRunRecord {
        matrix = Map.copyOf(matrix);
        inputs = Map.copyOf(inputs);
    }
}
