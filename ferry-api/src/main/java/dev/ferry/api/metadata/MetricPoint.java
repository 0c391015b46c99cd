package dev.ferry.api.metadata;

import java.time.Instant;

/** One recorded value of a metric: {@code step} is the training step or epoch it belongs to. */
public record MetricPoint(
        String runId, String stepRunId, String name, double value, long step, Instant timestamp) {}
