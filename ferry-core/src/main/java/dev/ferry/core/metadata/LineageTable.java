package dev.ferry.core.metadata;

import dev.ferry.api.artifact.Digest;
import dev.ferry.api.metadata.ArtifactRecord;
import dev.ferry.api.metadata.LineageEdge;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** SQL for the {@code artifacts} and {@code lineage} tables and the references view. */
final class LineageTable {
    private static final String EDGE_COLUMNS = "artifact, run_id, step_run_id, direction, name";

    /** Records an artifact; recording the same digest again keeps the first record. */
    void insertArtifact(Handle h, ArtifactRecord a) {
        h.createUpdate(
                        "INSERT INTO artifacts (digest, logical_type, media_type, size, directory,"
                                + " created_at) VALUES (:digest, :logicalType, :mediaType, :size,"
                                + " :directory, :createdAt) ON CONFLICT (digest) DO NOTHING")
                .bind("digest", a.digest().toString())
                .bind("logicalType", a.logicalType())
                .bind("mediaType", a.mediaType())
                .bind("size", a.size())
                .bind("directory", a.directory())
                .bind("createdAt", Micros.of(a.createdAt()))
                .execute();
    }

    void insertArtifacts(Handle h, Collection<ArtifactRecord> artifacts) {
        artifacts.forEach(a -> insertArtifact(h, a));
    }

    Optional<ArtifactRecord> findArtifact(Handle h, Digest digest) {
        return h.createQuery(
                        "SELECT digest, logical_type, media_type, size, directory, created_at"
                                + " FROM artifacts WHERE digest = :digest")
                .bind("digest", digest.toString())
                .map((rs, ctx) -> mapArtifact(rs))
                .findOne();
    }

    int deleteArtifacts(Handle h, Collection<Digest> digests) {
        int deleted = 0;
        for (Digest digest : digests) {
            deleted +=
                    h.createUpdate("DELETE FROM artifacts WHERE digest = :digest")
                            .bind("digest", digest.toString())
                            .execute();
        }
        return deleted;
    }

    /** Records edges; an edge recorded twice (e.g. by a resumed run) is kept once. */
    void insertEdges(Handle h, Collection<LineageEdge> edges) {
        for (LineageEdge e : edges) {
            h.createUpdate(
                            "INSERT INTO lineage ("
                                    + EDGE_COLUMNS
                                    + ") VALUES (:artifact, :runId, :stepRunId, :direction, :name)"
                                    + " ON CONFLICT (step_run_id, direction, name, artifact)"
                                    + " DO NOTHING")
                    .bind("artifact", e.artifact().toString())
                    .bind("runId", e.runId())
                    .bind("stepRunId", e.stepRunId())
                    .bind("direction", e.direction().name())
                    .bind("name", e.name())
                    .execute();
        }
    }

    List<LineageEdge> ofArtifact(Handle h, Digest digest) {
        return h.createQuery(
                        "SELECT "
                                + EDGE_COLUMNS
                                + " FROM lineage WHERE artifact = :digest ORDER BY seq")
                .bind("digest", digest.toString())
                .map((rs, ctx) -> mapEdge(rs))
                .list();
    }

    List<LineageEdge> ofRun(Handle h, String runId) {
        return h.createQuery(
                        "SELECT "
                                + EDGE_COLUMNS
                                + " FROM lineage WHERE run_id = :runId ORDER BY seq")
                .bind("runId", runId)
                .map((rs, ctx) -> mapEdge(rs))
                .list();
    }

    List<LineageEdge> ofStepRun(Handle h, String stepRunId) {
        return h.createQuery(
                        "SELECT "
                                + EDGE_COLUMNS
                                + " FROM lineage WHERE step_run_id = :id ORDER BY seq")
                .bind("id", stepRunId)
                .map((rs, ctx) -> mapEdge(rs))
                .list();
    }

    Set<Digest> referenced(Handle h) {
        // Model versions (V50) keep their files and data profiles alive too, and every run its
        // manifest: resume re-plans from that copy.
        return h.createQuery(
                        "SELECT digest FROM artifact_references"
                                + " UNION SELECT manifest_digest FROM runs"
                                + " UNION SELECT digest FROM model_version_artifacts"
                                + " UNION SELECT profile_digest FROM model_versions"
                                + " WHERE profile_digest IS NOT NULL")
                .map((rs, ctx) -> Digest.parse(rs.getString(1)))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static ArtifactRecord mapArtifact(ResultSet rs) throws SQLException {
        return new ArtifactRecord(
                Digest.parse(rs.getString("digest")),
                rs.getString("logical_type"),
                rs.getString("media_type"),
                rs.getLong("size"),
                rs.getBoolean("directory"),
                Micros.get(rs, "created_at"));
    }

    private static LineageEdge mapEdge(ResultSet rs) throws SQLException {
        return new LineageEdge(
                Digest.parse(rs.getString("artifact")),
                rs.getString("run_id"),
                rs.getString("step_run_id"),
                LineageEdge.Direction.valueOf(rs.getString("direction")),
                rs.getString("name"));
    }
}
