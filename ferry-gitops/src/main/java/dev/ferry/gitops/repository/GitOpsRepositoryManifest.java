package dev.ferry.gitops.repository;

import dev.ferry.api.pipeline.Manifest;
import dev.ferry.api.pipeline.ObjectMeta;
import dev.ferry.api.pipeline.SourceLocation;
import java.util.Optional;

/**
 * {@code kind: GitOpsRepository}, the file {@code ferry-gitops.yaml} at the root of the production
 * branch: which layout the desired-state repository has.
 *
 * @param layout the layout, empty when the file has problems
 */
public record GitOpsRepositoryManifest(
        ObjectMeta metadata, Optional<GitOpsLayout> layout, SourceLocation location)
        implements Manifest {
    public static final String KIND = "GitOpsRepository";

    @Override
    public String kind() {
        return KIND;
    }
}
