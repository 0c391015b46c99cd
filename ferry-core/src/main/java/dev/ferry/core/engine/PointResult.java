package dev.ferry.core.engine;

import dev.ferry.api.metadata.StepState;
import java.util.Map;
import java.util.Optional;

/** How one matrix point (or a step without a matrix) ended, with its outputs as values. */
record PointResult(StepState state, Map<String, Object> outputs, Optional<String> message) {}
