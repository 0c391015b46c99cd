package dev.ferry.core.lineage;

import dev.ferry.api.metadata.LineageEdge;
import dev.ferry.api.metadata.StepRunRecord;
import java.util.List;

/**
 * Step runs and artifacts joined by lineage edges ({@code INPUT}: artifact → step run, {@code
 * OUTPUT}: step run → artifact), each listed once, in discovery order.
 */
public record LineageGraph(
        List<StepRunRecord> stepRuns, List<ArtifactNode> artifacts, List<LineageEdge> edges) {

    public LineageGraph {
        stepRuns = List.copyOf(stepRuns);
        artifacts = List.copyOf(artifacts);
        edges = List.copyOf(edges);
    }

    public boolean isEmpty() {
        return stepRuns.isEmpty() && edges.isEmpty();
    }
}
