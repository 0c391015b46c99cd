package dev.ferry.gitops.step;

import dev.ferry.api.model.ModelVersion;
import dev.ferry.api.promotion.Promotion;
import dev.ferry.gitops.promotion.PromotionRequest;
import dev.ferry.gitops.repository.CommitInfo;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ferry/promote} asks of the workspace it runs in (offered as a step service): write
 * the promotion to the staging branch, through the remote when there is one, then optionally run
 * the staging gate and open a promotion request.
 */
public interface PromotionService {

    /**
     * What a promotion did.
     *
     * @param commit the staging commit declaring the change (an earlier one when it was already
     *     declared)
     * @param created whether this call wrote {@code commit}
     * @param version the model version pinned
     * @param request the promotion request, when a gate ran
     */
    record Outcome(
            CommitInfo commit,
            boolean created,
            ModelVersion version,
            Optional<Promotion> request) {}

    /**
     * Promotes {@code request} with extra commit {@code trailers}; with {@code gate} other than
     * {@code none}, runs the staging gate on that server and opens a promotion request.
     */
    Outcome promote(PromotionRequest request, Map<String, String> trailers, String gate);
}
