package dev.ferry.gitops.reconcile;

import dev.ferry.api.deployment.ActualState;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.ServingTarget;
import dev.ferry.api.deployment.ServingTargetException;
import dev.ferry.api.deployment.VersionKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Brings a serving target to the effective routings: loads what is missing (each version within the
 * load timeout), routes, waits for health, puts a deployment that fails back on what served it
 * before, then prunes what left Git and unloads what nothing uses. A failure of one deployment
 * never touches the others.
 */
final class Applier {
    private static final Duration HEALTH_POLL = Duration.ofMillis(50);

    private final ServingTarget target;
    private final ReconcilerOptions options;
    private final Consumer<String> progress;

    Applier(ServingTarget target, ReconcilerOptions options, Consumer<String> progress) {
        this.target = target;
        this.options = options;
        this.progress = progress;
    }

    /**
     * What applying did.
     *
     * @param failed deployments that could not be switched, with the reason; they serve as before
     * @param routed deployments whose routing changed and is healthy
     * @param pruned deployments removed from serving
     */
    record Outcome(Map<String, String> failed, Set<String> routed, Set<String> pruned) {}

    Outcome apply(Map<String, Routing> effective, ActualState actual) throws InterruptedException {
        Map<String, Routing> wanted = new TreeMap<>(effective);
        Map<String, String> failed = new LinkedHashMap<>();
        Map<VersionKey, String> notLoaded = new TreeMap<>();
        for (Action action : StateDiff.between(wanted, actual)) {
            if (action instanceof Action.LoadVersion(VersionKey v)) {
                progress.accept("loading " + v);
                try {
                    target.load(v, options.loadTimeout());
                } catch (ServingTargetException e) {
                    notLoaded.put(v, e.getMessage());
                    progress.accept("could not load " + v + ": " + e.getMessage());
                }
            }
        }
        for (Map.Entry<String, Routing> e : Map.copyOf(wanted).entrySet()) {
            e.getValue()
                    .versions()
                    .filter(notLoaded::containsKey)
                    .findFirst()
                    .ifPresent(
                            v -> {
                                failed.put(
                                        e.getKey(),
                                        "could not load " + v + ": " + notLoaded.get(v));
                                keepPrevious(wanted, actual, e.getKey());
                            });
        }
        Set<String> routed = new TreeSet<>();
        for (Map.Entry<String, Routing> e : wanted.entrySet()) {
            String name = e.getKey();
            if (e.getValue().equals(actual.deployments().get(name))) {
                continue;
            }
            try {
                target.route(name, e.getValue());
                routed.add(name);
            } catch (ServingTargetException ex) {
                failed.put(name, "could not route: " + ex.getMessage());
                keepPrevious(wanted, actual, name);
            }
        }
        for (String name : Set.copyOf(routed)) {
            if (!healthy(name)) {
                failed.put(
                        name,
                        "not healthy within "
                                + dev.ferry.core.manifest.Durations.format(
                                        options.healthTimeout()));
                routed.remove(name);
                keepPrevious(wanted, actual, name);
                Routing before = actual.deployments().get(name);
                try {
                    if (before != null) {
                        target.route(name, before);
                    } else {
                        target.remove(name);
                    }
                } catch (ServingTargetException ex) {
                    progress.accept("could not restore " + name + ": " + ex.getMessage());
                }
            }
        }
        Set<String> pruned = new TreeSet<>();
        for (Action action : StateDiff.between(wanted, target.actual())) {
            try {
                switch (action) {
                    case Action.Prune(String name) -> {
                        target.remove(name);
                        pruned.add(name);
                    }
                    case Action.UnloadVersion(VersionKey v) -> {
                        target.unload(v);
                        progress.accept("unloaded " + v);
                    }
                    default -> {
                        // Loads and routes are done above; a leftover means the target changed
                        // under us, which the next pass sees.
                    }
                }
            } catch (ServingTargetException e) {
                progress.accept("could not apply " + action + ": " + e.getMessage());
            }
        }
        return new Outcome(failed, routed, pruned);
    }

    private static void keepPrevious(Map<String, Routing> wanted, ActualState actual, String name) {
        Routing before = actual.deployments().get(name);
        if (before != null) {
            wanted.put(name, before);
        } else {
            wanted.remove(name);
        }
    }

    private boolean healthy(String name) throws InterruptedException {
        long deadline = System.nanoTime() + options.healthTimeout().toNanos();
        while (true) {
            try {
                if (target.healthy(name)) {
                    return true;
                }
            } catch (ServingTargetException e) {
                // Not answering is not healthy; keep asking until the deadline.
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(HEALTH_POLL);
        }
    }
}
