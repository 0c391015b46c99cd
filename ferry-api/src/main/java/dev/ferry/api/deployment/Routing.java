package dev.ferry.api.deployment;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How a deployment's traffic is routed: its predictors with weights, its shadow, and what keeps a
 * caller on one predictor.
 *
 * @param routes the predictors, in manifest order; weights sum to 100
 * @param shadow the version receiving a mirrored copy of the traffic
 * @param stickyKey for A/B splits: the request header (REST) or request parameter (REST and gRPC)
 *     whose value pins a caller to one predictor; without it every request is drawn by weight
 */
public record Routing(List<Route> routes, Optional<VersionKey> shadow, Optional<String> stickyKey) {
    public Routing {
        routes = List.copyOf(routes);
    }

    /** A routing without sticky callers. */
    public Routing(List<Route> routes, Optional<VersionKey> shadow) {
        this(routes, shadow, Optional.empty());
    }

    /** Every version this routing needs loaded. */
    public Stream<VersionKey> versions() {
        return Stream.concat(routes.stream().map(Route::version), shadow.stream());
    }
}
