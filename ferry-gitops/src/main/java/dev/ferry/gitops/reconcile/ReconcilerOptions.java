package dev.ferry.gitops.reconcile;

import dev.ferry.gitops.repository.Environment;
import java.time.Duration;

/**
 * How the reconciler works.
 *
 * @param environment the environment of the desired-state repository it follows (a branch, or a
 *     directory on a branch)
 * @param project the name rollout events carry as Keptn's {@code project}
 * @param loadTimeout how long a model version may take to load and answer
 * @param healthTimeout how long a routed deployment may take to report healthy
 * @param analysis when a canary step passes
 */
public record ReconcilerOptions(
        Environment environment,
        String project,
        Duration loadTimeout,
        Duration healthTimeout,
        AnalysisCriteria analysis) {

    /** Branch {@code branch}, two-minute load timeout, 30 s health timeout, default analysis. */
    public static ReconcilerOptions defaults(String branch) {
        return defaults(Environment.ofBranch(branch));
    }

    /** {@code environment}, two-minute load timeout, 30 s health timeout, default analysis. */
    public static ReconcilerOptions defaults(Environment environment) {
        return new ReconcilerOptions(
                environment,
                "ferry",
                Duration.ofMinutes(2),
                Duration.ofSeconds(30),
                AnalysisCriteria.defaults());
    }

    /** A copy with other analysis criteria. */
    public ReconcilerOptions withAnalysis(AnalysisCriteria value) {
        return new ReconcilerOptions(environment, project, loadTimeout, healthTimeout, value);
    }
}
