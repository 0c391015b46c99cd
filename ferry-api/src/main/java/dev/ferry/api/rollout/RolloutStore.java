package dev.ferry.api.rollout;

import java.util.List;
import java.util.Optional;

/**
 * Rollout records, deployment statuses and the reconciler's source status in the metadata store.
 * Implementations are safe to use from several threads and processes (e.g. {@code ferry suspend}
 * beside a running reconciler).
 */
public interface RolloutStore {

    /** Inserts the record, or replaces the one with its id. */
    void save(RolloutRecord record);

    /** The record with this id. */
    Optional<RolloutRecord> find(String id);

    /** A deployment's records, newest first, at most {@code limit}. */
    List<RolloutRecord> history(String deployment, int limit);

    /** A deployment's status, if the reconciler or a command ever wrote one. */
    Optional<DeploymentStatus> status(String deployment);

    /** Every deployment's status, by name. */
    List<DeploymentStatus> statuses();

    /** Inserts the status, or replaces the deployment's. */
    void saveStatus(DeploymentStatus status);

    /** The status of the source {@code source} (e.g. a branch), if a reconciler ever wrote one. */
    Optional<SourceStatus> sourceStatus(String source);

    /** Every source's status, by source. */
    List<SourceStatus> sourceStatuses();

    /** Inserts the source's status, or replaces it, in one statement. */
    void saveSourceStatus(SourceStatus status);
}
