package dev.ferry.serving.router;

import dev.ferry.api.deployment.PredictorStats;
import dev.ferry.api.deployment.Route;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.serving.inference.InferenceRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One deployment's routing, immutable once built: the predictors' cumulative weight ranges, the
 * shadow, and the counters of each. A routing change builds a new table and swaps it in; counters
 * of a predictor that keeps its name and version move to the new table so they keep growing.
 */
final class DeploymentTable {
    final String name;
    final Routing routing;
    final Route[] routes;
    final PredictorCounters[] counters;
    final Optional<VersionKey> shadow;
    final PredictorCounters shadowCounters;

    /**
     * Requests that read this table and have not yet handed their request to the model version;
     * once a table is replaced, unloading waits for this to reach zero.
     */
    final AtomicInteger entering = new AtomicInteger();

    private final int[] upper;
    private final int total;

    private DeploymentTable(
            String name,
            Routing routing,
            PredictorCounters[] counters,
            PredictorCounters shadowCounters) {
        this.name = name;
        this.routing = routing;
        this.routes = routing.routes().toArray(Route[]::new);
        this.counters = counters;
        this.shadow = routing.shadow();
        this.shadowCounters = shadowCounters;
        this.upper = new int[routes.length];
        int sum = 0;
        for (int i = 0; i < routes.length; i++) {
            sum += routes[i].weight();
            upper[i] = sum;
        }
        this.total = sum;
    }

    /**
     * Checks {@code routing} and builds its table, taking over the counters of {@code previous}
     * where a predictor keeps its name and version.
     */
    static DeploymentTable build(String name, Routing routing, Optional<DeploymentTable> previous) {
        check(name, routing);
        PredictorCounters[] counters = new PredictorCounters[routing.routes().size()];
        for (int i = 0; i < counters.length; i++) {
            Route r = routing.routes().get(i);
            counters[i] =
                    previous.flatMap(p -> p.countersOf(r.predictor(), r.version()))
                            .orElseGet(PredictorCounters::new);
        }
        PredictorCounters shadow =
                previous.filter(p -> p.shadow.equals(routing.shadow()))
                        .map(p -> p.shadowCounters)
                        .orElseGet(PredictorCounters::new);
        return new DeploymentTable(name, routing, counters, shadow);
    }

    private static void check(String name, Routing routing) {
        if (name == null || name.isBlank() || name.contains("/")) {
            throw invalid("a deployment needs a name without '/', got '" + name + "'");
        }
        if (routing.routes().isEmpty()) {
            throw invalid("deployment '" + name + "' routes to no predictor");
        }
        Set<String> seen = new HashSet<>();
        long sum = 0;
        for (Route r : routing.routes()) {
            if (r.predictor() == null || r.predictor().isBlank()) {
                throw invalid("deployment '" + name + "' has a predictor without a name");
            }
            if (r.predictor().equals(PredictorStats.SHADOW)) {
                throw invalid(
                        "deployment '"
                                + name
                                + "': the predictor name 'shadow' is reserved for the shadow");
            }
            if (!seen.add(r.predictor())) {
                throw invalid(
                        "deployment '" + name + "' names predictor '" + r.predictor() + "' twice");
            }
            if (r.version() == null) {
                throw invalid(
                        "deployment '" + name + "' predictor '" + r.predictor() + "' has no model");
            }
            if (r.weight() < 0 || r.weight() > 100) {
                throw invalid(
                        "deployment '"
                                + name
                                + "' predictor '"
                                + r.predictor()
                                + "' has weight "
                                + r.weight()
                                + "; weights are 0 to 100");
            }
            sum += r.weight();
        }
        if (sum != 100) {
            throw invalid(
                    "deployment '"
                            + name
                            + "' has weights adding up to "
                            + sum
                            + "; they must add up to 100");
        }
        if (routing.stickyKey().isPresent() && routing.stickyKey().get().isBlank()) {
            throw invalid("deployment '" + name + "' has a blank sticky key");
        }
    }

    private static DeploymentException invalid(String message) {
        return new DeploymentException(DeploymentException.Reason.INVALID, message);
    }

    private Optional<PredictorCounters> countersOf(String predictor, VersionKey version) {
        for (int i = 0; i < routes.length; i++) {
            if (routes[i].predictor().equals(predictor) && routes[i].version().equals(version)) {
                return Optional.of(counters[i]);
            }
        }
        return Optional.empty();
    }

    /**
     * The route a request takes: by the hash of its sticky key when the routing has one and the
     * request carries it (as a parameter), else by a weighted random draw.
     */
    int choose(InferenceRequest request) {
        if (routing.stickyKey().isPresent()) {
            Object key = request.parameters().get(routing.stickyKey().get());
            if (key != null) {
                return routeAt(StickyHash.point(key.toString(), total));
            }
        }
        return routeAt(ThreadLocalRandom.current().nextInt(total));
    }

    /** The route whose weight range holds {@code point} (0 to total - 1). */
    int routeAt(int point) {
        for (int i = 0; i < upper.length; i++) {
            if (point < upper[i]) {
                return i;
            }
        }
        return upper.length - 1;
    }

    /** Whether any route or the shadow uses {@code version}. */
    boolean uses(VersionKey version) {
        return routing.versions().anyMatch(version::equals);
    }

    /** Every predictor's statistics, then the shadow's. */
    List<PredictorStats> stats() {
        List<PredictorStats> out = new ArrayList<>();
        for (int i = 0; i < routes.length; i++) {
            out.add(counters[i].snapshot(routes[i].predictor(), routes[i].version()));
        }
        shadow.ifPresent(v -> out.add(shadowCounters.snapshot(PredictorStats.SHADOW, v)));
        return out;
    }

    /** Routing by deployment name, for {@code ActualState}. */
    static Map<String, Routing> routings(Map<String, DeploymentTable> tables) {
        Map<String, Routing> out = new java.util.TreeMap<>();
        tables.forEach((n, t) -> out.put(n, t.routing));
        return out;
    }
}
