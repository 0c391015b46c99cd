package dev.ferry.core.lineage;

import dev.ferry.api.metadata.LineageEdge;
import dev.ferry.api.metadata.LineageEdge.Direction;
import dev.ferry.api.metadata.StepRunRecord;
import java.util.List;
import java.util.stream.Collectors;

/** Renders lineage as plain text for a terminal: one line per step run with its inputs/outputs. */
public final class LineageText {
    private LineageText() {}

    /** The artifact, then who produced it (upstream) and who consumed it (downstream). */
    public static String render(ArtifactLineage lineage) {
        StringBuilder out = new StringBuilder();
        out.append("artifact ").append(describe(lineage.artifact())).append('\n');
        out.append("produced by:\n");
        appendStepRuns(out, lineage.upstream());
        out.append("consumed by:\n");
        appendStepRuns(out, lineage.downstream());
        return out.toString();
    }

    /** Every step run of a run graph with the artifacts it read and wrote. */
    public static String render(LineageGraph graph) {
        StringBuilder out = new StringBuilder();
        appendStepRuns(out, graph);
        return out.toString();
    }

    private static void appendStepRuns(StringBuilder out, LineageGraph graph) {
        if (graph.stepRuns().isEmpty()) {
            out.append("  (nothing recorded)\n");
            return;
        }
        for (StepRunRecord s : graph.stepRuns()) {
            out.append("  ")
                    .append(s.runId())
                    .append(' ')
                    .append(s.stepName())
                    .append(s.matrix().isEmpty() ? "" : "[" + s.matrixIndex() + "]")
                    .append(s.attempt() > 1 ? " attempt " + s.attempt() : "")
                    .append(' ')
                    .append(s.state())
                    .append('\n');
            appendEdges(out, graph.edges(), s.id(), Direction.INPUT, "in ");
            appendEdges(out, graph.edges(), s.id(), Direction.OUTPUT, "out");
        }
    }

    private static void appendEdges(
            StringBuilder out,
            List<LineageEdge> edges,
            String stepRunId,
            Direction direction,
            String label) {
        String listed =
                edges.stream()
                        .filter(e -> e.stepRunId().equals(stepRunId))
                        .filter(e -> e.direction() == direction)
                        .map(e -> e.name() + "=" + e.artifact().toString().substring(0, 19))
                        .collect(Collectors.joining(", "));
        if (!listed.isEmpty()) {
            out.append("      ").append(label).append(' ').append(listed).append('\n');
        }
    }

    private static String describe(ArtifactNode node) {
        return node.digest()
                + node.record()
                        .map(
                                r ->
                                        " ("
                                                + r.logicalType()
                                                + ", "
                                                + r.mediaType()
                                                + ", "
                                                + r.size()
                                                + " bytes"
                                                + (r.directory() ? ", directory" : "")
                                                + ")")
                        .orElse("");
    }
}
