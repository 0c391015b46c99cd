package dev.ferry.api.promotion;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A promotion request: a deployment's manifest as verified on the staging branch, proposed for the
 * production branch, with the diff, the staging gate's evidence and a state.
 *
 * @param id a unique id (a prefix is enough on the command line)
 * @param deployment the deployment's name
 * @param model what the staging manifest serves, e.g. {@code mnist@4}
 * @param stagingCommit the staging commit that was verified; this is what gets merged
 * @param baseCommit the production branch's head when the request was opened, if it existed
 * @param diff a unified diff of the manifest from production to staging
 * @param evidence the gate's checks
 * @param state where the request stands
 * @param createdAt when it was opened
 * @param updatedAt when its state last changed
 * @param mergeCommit the production commit that merged it
 * @param decidedBy who approved or rejected it ({@code policy} for automatic merges)
 * @param note why it failed or was rejected
 */
public record Promotion(
        String id,
        String deployment,
        String model,
        String stagingCommit,
        Optional<String> baseCommit,
        String diff,
        List<Evidence> evidence,
        PromotionState state,
        Instant createdAt,
        Instant updatedAt,
        Optional<String> mergeCommit,
        Optional<String> decidedBy,
        Optional<String> note) {
    public Promotion {
        evidence = List.copyOf(evidence);
    }

    /** Whether every check of the gate passed. */
    public boolean verified() {
        return !evidence.isEmpty() && evidence.stream().allMatch(Evidence::passed);
    }
}
