package dev.ferry.core.lineage;

import dev.ferry.api.artifact.Digest;
import dev.ferry.api.metadata.LineageEdge;
import dev.ferry.api.metadata.LineageEdge.Direction;
import dev.ferry.api.metadata.MetadataException;
import dev.ferry.api.metadata.MetadataStore;
import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.StepRunRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers lineage questions both ways: what produced and what consumed an artifact (followed up and
 * down to a depth), and the graph of one run.
 */
public final class LineageService {
    private final MetadataStore store;

    public LineageService(MetadataStore store) {
        this.store = store;
    }

    /**
     * The lineage of {@code digest}, following at most {@code depth} step runs in each direction (1
     * = only the direct producers and consumers).
     */
    public ArtifactLineage ofArtifact(Digest digest, int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("lineage depth must be 0 or more, got " + depth);
        }
        return new ArtifactLineage(
                new ArtifactNode(digest, store.findArtifact(digest)),
                walk(digest, depth, Direction.OUTPUT),
                walk(digest, depth, Direction.INPUT));
    }

    /** The step runs of a run (id or unique prefix), the artifacts they used and made. */
    public LineageGraph ofRun(String runIdOrPrefix) {
        RunRecord run =
                store.findRun(runIdOrPrefix)
                        .orElseThrow(
                                () ->
                                        new MetadataException(
                                                "no run matches '"
                                                        + runIdOrPrefix
                                                        + "' (see ferry runs)"));
        List<LineageEdge> edges = store.lineageOfRun(run.id());
        Map<Digest, ArtifactNode> artifacts = new LinkedHashMap<>();
        for (LineageEdge edge : edges) {
            artifacts.computeIfAbsent(edge.artifact(), this::node);
        }
        return new LineageGraph(store.stepRuns(run.id()), List.copyOf(artifacts.values()), edges);
    }

    /**
     * Breadth-first from {@code start}: {@code toward} OUTPUT finds producers (then their INPUTs),
     * INPUT finds consumers (then their OUTPUTs).
     */
    private LineageGraph walk(Digest start, int depth, Direction toward) {
        Direction away = toward == Direction.OUTPUT ? Direction.INPUT : Direction.OUTPUT;
        Map<String, StepRunRecord> stepRuns = new LinkedHashMap<>();
        Map<Digest, ArtifactNode> artifacts = new LinkedHashMap<>();
        Set<LineageEdge> edges = new LinkedHashSet<>();
        Set<Digest> seen = new LinkedHashSet<>(List.of(start));
        Deque<Digest> frontier = new ArrayDeque<>(List.of(start));
        for (int level = 0; level < depth && !frontier.isEmpty(); level++) {
            Deque<Digest> next = new ArrayDeque<>();
            for (Digest artifact : frontier) {
                for (LineageEdge edge : store.lineageOf(artifact)) {
                    if (edge.direction() != toward || stepRuns.containsKey(edge.stepRunId())) {
                        if (edge.direction() == toward) {
                            edges.add(edge);
                        }
                        continue;
                    }
                    edges.add(edge);
                    store.findStepRun(edge.stepRunId()).ifPresent(s -> stepRuns.put(s.id(), s));
                    for (LineageEdge further : store.lineageOfStepRun(edge.stepRunId())) {
                        if (further.direction() != away) {
                            continue;
                        }
                        edges.add(further);
                        artifacts.computeIfAbsent(further.artifact(), this::node);
                        if (seen.add(further.artifact())) {
                            next.add(further.artifact());
                        }
                    }
                }
            }
            frontier = next;
        }
        return new LineageGraph(
                new ArrayList<>(stepRuns.values()),
                new ArrayList<>(artifacts.values()),
                new ArrayList<>(edges));
    }

    private ArtifactNode node(Digest digest) {
        return new ArtifactNode(digest, store.findArtifact(digest));
    }
}
