package dev.ferry.gitops.reconcile;

import dev.ferry.api.deployment.Route;
import dev.ferry.api.deployment.Routing;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The routings a canary passes through. The canary is the last predictor of the manifest, the
 * others are stable; at a step the canary takes the step's share and the stable predictors split
 * the rest in proportion to their weights in Git.
 */
final class Routings {
    private Routings() {}

    /** Whether a routing can be rolled out as a canary: at least one stable and one canary. */
    static boolean canCanary(Routing git) {
        return git.routes().size() >= 2;
    }

    /** The routing at a canary step of {@code percent}; 100 is the final routing. */
    static Routing canaryAt(Routing git, int percent) {
        if (percent >= 100) {
            return completed(git);
        }
        List<Route> stable = git.routes().subList(0, git.routes().size() - 1);
        Route canary = git.routes().getLast();
        List<Route> routes = new ArrayList<>(scale(stable, 100 - percent));
        routes.add(new Route(canary.predictor(), canary.version(), percent));
        return new Routing(routes, git.shadow(), git.stickyKey());
    }

    /**
     * After the last step: the canary's version takes all traffic under the first stable
     * predictor's name, so the deployment reads as it will after the next promotion.
     */
    static Routing completed(Routing git) {
        Route canary = git.routes().getLast();
        return new Routing(
                List.of(new Route(git.routes().getFirst().predictor(), canary.version(), 100)),
                git.shadow(),
                git.stickyKey());
    }

    /** After an abort: only the stable predictors, with all the traffic. */
    static Routing stableOnly(Routing git) {
        List<Route> stable = git.routes().subList(0, git.routes().size() - 1);
        return new Routing(scale(stable, 100), git.shadow(), git.stickyKey());
    }

    /** Weights scaled to sum to {@code total}; rounding goes to the first route. */
    static List<Route> scale(List<Route> routes, int total) {
        int sum = routes.stream().mapToInt(Route::weight).sum();
        List<Route> out = new ArrayList<>();
        int given = 0;
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            int w =
                    sum == 0
                            ? (i == 0 ? total : 0)
                            : (int) Math.floor((double) r.weight() * total / sum);
            out.add(new Route(r.predictor(), r.version(), w));
            given += w;
        }
        Route first = out.getFirst();
        out.set(0, new Route(first.predictor(), first.version(), first.weight() + total - given));
        return out;
    }

    /** A canonical text of a routing: equal routings have equal texts. */
    static String text(Routing r) {
        String routes =
                r.routes().stream()
                        .map(x -> x.predictor() + "=" + x.version() + ":" + x.weight())
                        .collect(Collectors.joining(","));
        return routes
                + r.shadow().map(s -> ";shadow=" + s).orElse("")
                + r.stickyKey().map(k -> ";sticky=" + k).orElse("");
    }
}
