package dev.ferry.gitops.reconcile;

import dev.ferry.api.deployment.ActualState;
import dev.ferry.api.deployment.PredictorStats;
import dev.ferry.api.deployment.Route;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.ServingTarget;
import dev.ferry.api.deployment.ServingTargetException;
import dev.ferry.api.deployment.VersionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A test double of {@link ServingTarget}: the real implementations (the router in ferry-serving's
 * inference server, in-process and over HTTP) are being built beside the reconciler; this one keeps
 * the state in maps and simulates traffic so the reconciler's logic can be tested on its own. Each
 * version can be made to fail loading, stay unhealthy, fail requests or answer slowly.
 */
final class InMemoryServingTarget implements ServingTarget {
    static final List<Double> BUCKETS =
            List.of(0.1, 0.5, 1.0, 5.0, 10.0, 50.0, 100.0, 500.0, Double.POSITIVE_INFINITY);

    /** How a version answers simulated requests. */
    record Behaviour(double errorRate, double latencyMillis) {
        static final Behaviour GOOD = new Behaviour(0, 0.3);
    }

    private final Map<String, Routing> routings = new TreeMap<>();
    private final Set<VersionKey> loaded = new TreeSet<>();
    private final Set<VersionKey> failToLoad = new HashSet<>();
    private final Set<VersionKey> unhealthy = new HashSet<>();
    private final Map<VersionKey, Behaviour> behaviours = new HashMap<>();
    private final Map<String, Map<String, Counter>> counters = new HashMap<>();
    private final Random random = new Random(7);
    final List<String> calls = new ArrayList<>();

    private static final class Counter {
        final VersionKey version;
        long requests;
        long errors;
        final long[] buckets = new long[BUCKETS.size()];

        Counter(VersionKey version) {
            this.version = version;
        }
    }

    synchronized void failToLoad(VersionKey v) {
        failToLoad.add(v);
    }

    synchronized void unhealthy(VersionKey v) {
        unhealthy.add(v);
    }

    synchronized void behave(VersionKey v, Behaviour b) {
        behaviours.put(v, b);
    }

    /** Forgets everything, as a restarted embedded server does. */
    synchronized void restart() {
        routings.clear();
        loaded.clear();
        counters.clear();
    }

    /** Sends {@code n} requests to a deployment, split by its weights; returns the failures. */
    synchronized int send(String deployment, int n) {
        Routing r = routings.get(deployment);
        if (r == null) {
            throw new IllegalStateException(deployment + " is not served");
        }
        int failed = 0;
        for (int i = 0; i < n; i++) {
            int draw = random.nextInt(100);
            Route chosen = r.routes().getLast();
            int seen = 0;
            for (Route route : r.routes()) {
                seen += route.weight();
                if (draw < seen) {
                    chosen = route;
                    break;
                }
            }
            Route picked = chosen;
            Behaviour b = behaviours.getOrDefault(picked.version(), Behaviour.GOOD);
            Counter c =
                    counters.computeIfAbsent(deployment, d -> new LinkedHashMap<>())
                            .compute(
                                    picked.predictor(),
                                    (k, old) ->
                                            old == null || !old.version.equals(picked.version())
                                                    ? new Counter(picked.version())
                                                    : old);
            c.requests++;
            if (random.nextDouble() < b.errorRate()) {
                c.errors++;
                failed++;
            }
            int bucket = 0;
            while (BUCKETS.get(bucket) < b.latencyMillis()) {
                bucket++;
            }
            c.buckets[bucket]++;
        }
        return failed;
    }

    synchronized Routing routing(String deployment) {
        return routings.get(deployment);
    }

    @Override
    public synchronized ActualState actual() {
        return new ActualState(routings, loaded);
    }

    @Override
    public synchronized void load(VersionKey version, Duration timeout) {
        calls.add("load " + version);
        if (failToLoad.contains(version)) {
            throw new ServingTargetException("model " + version + " failed to load: bad file");
        }
        loaded.add(version);
    }

    @Override
    public synchronized void unload(VersionKey version) {
        calls.add("unload " + version);
        loaded.remove(version);
    }

    @Override
    public synchronized void route(String deployment, Routing routing) {
        calls.add("route " + deployment);
        routing.versions()
                .filter(v -> !loaded.contains(v))
                .findFirst()
                .ifPresent(
                        v -> {
                            throw new ServingTargetException(v + " is not loaded");
                        });
        routings.put(deployment, routing);
    }

    @Override
    public synchronized void remove(String deployment) {
        calls.add("remove " + deployment);
        routings.remove(deployment);
        counters.remove(deployment);
    }

    @Override
    public synchronized boolean healthy(String deployment) {
        Routing r = routings.get(deployment);
        return r != null
                && r.versions().allMatch(v -> loaded.contains(v) && !unhealthy.contains(v));
    }

    @Override
    public synchronized List<PredictorStats> stats(String deployment) {
        List<PredictorStats> out = new ArrayList<>();
        counters.getOrDefault(deployment, Map.of())
                .forEach(
                        (name, c) -> {
                            List<Long> counts = new ArrayList<>();
                            for (long b : c.buckets) {
                                counts.add(b);
                            }
                            out.add(
                                    new PredictorStats(
                                            name,
                                            c.version,
                                            c.requests,
                                            c.errors,
                                            BUCKETS,
                                            counts,
                                            0,
                                            0));
                        });
        return out;
    }
}
