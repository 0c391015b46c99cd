package dev.ferry.gitops.reconcile;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How a deployment's traffic is routed: its predictors with weights, and its shadow.
 *
 * @param routes the predictors, in manifest order
 * @param shadow the version receiving a mirrored copy of the traffic
 */
public record Routing(List<Route> routes, Optional<VersionKey> shadow) {
    public Routing {
        routes = List.copyOf(routes);
    }

    /** Every version this routing needs loaded. */
    public Stream<VersionKey> versions() {
        return Stream.concat(routes.stream().map(Route::version), shadow.stream());
    }
}
