package dev.ferry.gitops.reconcile;

import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.deployment.Predictor;
import dev.ferry.api.deployment.Route;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.api.model.ModelRef;
import dev.ferry.api.model.ModelRegistry;
import dev.ferry.api.model.ModelVersion;
import dev.ferry.api.pipeline.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the model references of desired deployments (aliases, {@code latest}) to exact versions
 * through the registry. A reference that does not resolve refuses its deployment.
 */
public final class DesiredRouting {
    private final ModelRegistry registry;

    public DesiredRouting(ModelRegistry registry) {
        this.registry = registry;
    }

    /**
     * The routing of each deployment.
     *
     * @param resolved each deployment whose references all resolved
     * @param refused what did not resolve, at the deployment's manifest
     */
    public record Result(Map<String, Routing> resolved, List<Problem> refused) {
        public Result {
            resolved = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(resolved));
            refused = List.copyOf(refused);
        }
    }

    public Result resolve(List<ModelDeployment> deployments) {
        Map<String, Routing> resolved = new LinkedHashMap<>();
        List<Problem> refused = new ArrayList<>();
        for (ModelDeployment d : deployments) {
            List<Route> routes = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (Predictor p : d.predictors()) {
                find(p.model(), missing)
                        .ifPresent(v -> routes.add(new Route(p.name(), v, p.weight())));
            }
            Optional<VersionKey> shadow = d.shadow().flatMap(s -> find(s.model(), missing));
            if (missing.isEmpty()) {
                resolved.put(d.name(), new Routing(routes, shadow, d.rollout().stickyBy()));
            } else {
                refused.add(
                        new Problem(
                                d.location(),
                                "deployment "
                                        + d.name()
                                        + " refers to models the registry does not have: "
                                        + String.join(", ", missing)));
            }
        }
        return new Result(resolved, refused);
    }

    private Optional<VersionKey> find(ModelRef ref, List<String> missing) {
        Optional<ModelVersion> version = registry.resolve(ref);
        if (version.isEmpty()) {
            missing.add(ref.toString());
        }
        return version.map(v -> new VersionKey(v.model(), v.version()));
    }
}
