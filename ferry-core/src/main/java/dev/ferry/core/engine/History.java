package dev.ferry.core.engine;

import dev.ferry.api.metadata.MetadataStore;
import dev.ferry.api.metadata.StepRunRecord;
import dev.ferry.api.metadata.StepState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What earlier drives of a run left behind, so a resumed run reuses every step (and matrix point)
 * that already produced its outputs and numbers new attempts after the old ones.
 */
final class History {
    private record Point(String step, int index) {}

    private final MetadataStore metadata;
    private final Map<Point, StepRunRecord> latest = new HashMap<>();
    private final Map<Point, StepRunRecord> reusable = new HashMap<>();
    private final Map<Point, Integer> attempts = new HashMap<>();

    private History(MetadataStore metadata, List<StepRunRecord> records) {
        this.metadata = metadata;
        for (StepRunRecord record : records) {
            Point point = new Point(record.stepName(), record.matrixIndex());
            latest.put(point, record);
            attempts.merge(point, record.attempt(), Math::max);
            if (record.state().producedOutputs()) {
                reusable.put(point, record);
            }
        }
    }

    /** A first drive: nothing to reuse. */
    static History none(MetadataStore metadata) {
        return new History(metadata, List.of());
    }

    /** The step runs recorded so far for a run being resumed. */
    static History of(MetadataStore metadata, List<StepRunRecord> records) {
        return new History(metadata, records);
    }

    /** The step run whose outputs this point can reuse, if it already produced them. */
    Optional<StepRunRecord> reusable(String step, int index) {
        return Optional.ofNullable(reusable.get(new Point(step, index)));
    }

    /** The outputs downstream steps see for a reused point. */
    Map<String, Object> outputs(StepRunRecord record) {
        return StepResult.values(metadata.outputs(record.id()));
    }

    /** The record of a suspend step left waiting for approval, to be continued. */
    Optional<StepRunRecord> waiting(String step, int index) {
        return Optional.ofNullable(latest.get(new Point(step, index)))
                .filter(r -> r.state() == StepState.SUSPENDED);
    }

    /** The number the next attempt of this point gets. */
    int nextAttempt(String step, int index) {
        return attempts.getOrDefault(new Point(step, index), 0) + 1;
    }
}
