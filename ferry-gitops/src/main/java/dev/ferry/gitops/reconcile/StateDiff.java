package dev.ferry.gitops.reconcile;

import dev.ferry.api.deployment.ActualState;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.VersionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The actions that turn the actual state into the desired one, in a safe order: load every needed
 * version first (so no route ever points at a missing model), then route, then prune deployments
 * that left Git, and unload what nothing uses last. Applying the result to the actual state yields
 * the desired state, and the diff of equal states is empty, so reconciling twice does nothing more.
 */
public final class StateDiff {

    private StateDiff() {}

    /**
     * @param desired each desired deployment's routing, by name
     * @param actual what runs now
     */
    public static List<Action> between(Map<String, Routing> desired, ActualState actual) {
        List<Action> actions = new ArrayList<>();
        Set<VersionKey> needed = new TreeSet<>();
        desired.values().forEach(r -> r.versions().forEach(needed::add));
        needed.stream()
                .filter(v -> !actual.loaded().contains(v))
                .map(Action.LoadVersion::new)
                .forEach(actions::add);
        new TreeMap<>(desired)
                .forEach(
                        (name, routing) -> {
                            if (!routing.equals(actual.deployments().get(name))) {
                                actions.add(new Action.SetRouting(name, routing));
                            }
                        });
        new TreeSet<>(actual.deployments().keySet())
                .stream()
                        .filter(name -> !desired.containsKey(name))
                        .map(Action.Prune::new)
                        .forEach(actions::add);
        new TreeSet<>(actual.loaded())
                .stream()
                        .filter(v -> !needed.contains(v))
                        .map(Action.UnloadVersion::new)
                        .forEach(actions::add);
        return actions;
    }

    /** The state after {@code actions} succeeded on {@code actual}. */
    public static ActualState apply(ActualState actual, List<Action> actions) {
        Map<String, Routing> deployments = new TreeMap<>(actual.deployments());
        Set<VersionKey> loaded = new TreeSet<>(actual.loaded());
        for (Action action : actions) {
            switch (action) {
                case Action.LoadVersion a -> loaded.add(a.version());
                case Action.SetRouting a -> deployments.put(a.deployment(), a.routing());
                case Action.Prune a -> deployments.remove(a.deployment());
                case Action.UnloadVersion a -> loaded.remove(a.version());
            }
        }
        return new ActualState(deployments, loaded);
    }
}
