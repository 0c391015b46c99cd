package dev.ferry.gitops.reconcile;

import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.rollout.RolloutRecord;
import dev.ferry.api.rollout.RolloutResult;
import java.util.Optional;

/**
 * What one reconcile pass intends for one deployment: the routing it should have, and the rollout
 * record that change belongs to (none when nothing new happens).
 *
 * @param deployment the manifest
 * @param routing the effective routing; empty to leave it unserved
 * @param record the rollout record, updated with what this pass does
 * @param begun whether the record is new in this pass
 * @param stepped whether a canary moved to its next step
 * @param onSuccess the record's result once the routing is applied and healthy
 * @param startWindow whether a canary analysis window starts once the routing is applied
 */
record Plan(
        ModelDeployment deployment,
        Optional<Routing> routing,
        Optional<RolloutRecord> record,
        boolean begun,
        boolean stepped,
        RolloutResult onSuccess,
        boolean startWindow) {

    /** Nothing new: keep (or restore) this routing. */
    static Plan steady(ModelDeployment d, Optional<Routing> routing) {
        return new Plan(d, routing, Optional.empty(), false, false, RolloutResult.SUCCEEDED, false);
    }

    String name() {
        return deployment.name();
    }
}
