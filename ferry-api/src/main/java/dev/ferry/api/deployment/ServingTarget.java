package dev.ferry.api.deployment;

import java.time.Duration;
import java.util.List;

/**
 * The serving side a reconciler drives: which model versions are loaded and how each deployment's
 * traffic is routed. One implementation acts on an inference server in the same JVM, another on a
 * Ferry server over its HTTP admin API. Every call is idempotent, so a reconciler that restarts
 * mid-change simply repeats it. Failures throw {@link ServingTargetException}.
 */
public interface ServingTarget {

    /** What runs now: every routed deployment and every loaded version. */
    ActualState actual();

    /**
     * Loads a registered model version and returns once it answers, or throws when it cannot be
     * loaded within {@code timeout}; whatever served before keeps serving.
     */
    void load(VersionKey version, Duration timeout);

    /** Unloads a version nothing routes to any more and frees its memory. */
    void unload(VersionKey version);

    /**
     * Routes a deployment's traffic, creating the deployment when it is new. The switch is atomic:
     * each request sees either the old or the new routing, and requests in flight finish where they
     * started. Every version of {@code routing} must be loaded.
     */
    void route(String deployment, Routing routing);

    /** Stops serving a deployment; its callers get 404 from then on. */
    void remove(String deployment);

    /** Whether every version a deployment routes to is loaded and ready. */
    boolean healthy(String deployment);

    /** Cumulative statistics of a deployment's predictors and shadow, empty when not served. */
    List<PredictorStats> stats(String deployment);
}
