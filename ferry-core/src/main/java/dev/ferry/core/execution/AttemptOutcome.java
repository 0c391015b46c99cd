package dev.ferry.core.execution;

import dev.ferry.api.metadata.ArtifactRecord;
import dev.ferry.api.metadata.LineageEdge;
import dev.ferry.api.metadata.StepOutput;
import java.util.List;
import java.util.Optional;

/**
 * What a successful attempt produced.
 *
 * @param outputs its named outputs, artifacts and values
 * @param artifacts records of the artifacts it wrote
 * @param lineage input and output edges of the step run
 * @param exitCode the process exit code, empty for in-JVM steps
 */
public record AttemptOutcome(
        List<StepOutput> outputs,
        List<ArtifactRecord> artifacts,
        List<LineageEdge> lineage,
        Optional<Integer> exitCode) {

    public AttemptOutcome {
        outputs = List.copyOf(outputs);
        artifacts = List.copyOf(artifacts);
        lineage = List.copyOf(lineage);
    }
}
