package dev.ferry.gitops.reconcile;

import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.VersionKey;

/** One step that brings the serving side closer to the desired state. */
public sealed interface Action {

    /** Load a model version so routes can point at it. */
    record LoadVersion(VersionKey version) implements Action {}

    /** Route a deployment's traffic (creating the deployment when it is new). */
    record SetRouting(String deployment, Routing routing) implements Action {}

    /** Stop serving a deployment that left the desired state. */
    record Prune(String deployment) implements Action {}

    /** Unload a model version nothing routes to any more. */
    record UnloadVersion(VersionKey version) implements Action {}
}
