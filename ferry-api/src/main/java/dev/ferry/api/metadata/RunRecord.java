package dev.ferry.api.metadata;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One execution of a pipeline.
 *
 * @param id unique run id (sortable by creation time)
 * @param pipeline the pipeline's {@code metadata.name}
 * @param manifestPath where the manifest was read from, as given by the user
 * @param manifestDigest sha256 of the manifest's bytes, as {@code sha256:<hex>}
 * @param codeVersion the project's version-control revision, if known
 * @param params the run's resolved parameters (typed JSON values)
 * @param engine who drives the run ({@code host:pid}); lets {@code resume} tell a crash from a live
 *     run
 */
public record RunRecord(
        String id,
        String pipeline,
        String manifestPath,
        String manifestDigest,
        Optional<String> codeVersion,
        Map<String, Object> params,
        RunState state,
        Instant createdAt,
        Optional<Instant> finishedAt,
        Optional<String> message,
        Optional<String> engine) {

    public RunRecord {
        params = Map.copyOf(params);
    }
}
