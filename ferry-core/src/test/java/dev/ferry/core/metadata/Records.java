package dev.ferry.core.metadata;

import dev.ferry.api.artifact.Digest;
import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.RunState;
import dev.ferry.api.metadata.StepRunRecord;
import dev.ferry.api.metadata.StepState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sample records for the metadata store contract. */
final class Records {
    static final Instant T0 = Instant.parse("2026-11-23T02:56:01.123456Z");
    static final Digest A = new Digest("a".repeat(64));
    static final Digest B = new Digest("b".repeat(64));
    static final Digest C = new Digest("c".repeat(64));
    static final Digest MANIFEST = new Digest("d".repeat(64));

    private Records() {}

    static RunRecord run(String id, Instant createdAt) {
        return new RunRecord(
                id,
                "mnist",
                "pipeline.yaml",
                MANIFEST.toString(),
                Optional.of("abc123"),
                Map.of("seed", 42, "rate", 0.05, "name", "x", "layers", List.of(1, 2)),
                RunState.RUNNING,
                createdAt,
                Optional.empty(),
                Optional.empty(),
                Optional.of("host:1"));
    }

    static StepRunRecord step(String id, String runId, String name, StepState state) {
        return new StepRunRecord(
                id,
                runId,
                name,
                0,
                Map.of(),
                1,
                state,
                Map.of("epochs", 5, "train", "sha256:" + "a".repeat(64)),
                Optional.of("sha256:" + "e".repeat(64)),
                Optional.empty(),
                Optional.of(T0),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    static StepRunRecord finished(StepRunRecord s, StepState state, Instant at) {
        return new StepRunRecord(
                s.id(),
                s.runId(),
                s.stepName(),
                s.matrixIndex(),
                s.matrix(),
                s.attempt(),
                state,
                s.inputs(),
                s.cacheKey(),
                s.cachedFrom(),
                s.startedAt(),
                Optional.of(at),
                Optional.of(0),
                Optional.of("done"));
    }
}
