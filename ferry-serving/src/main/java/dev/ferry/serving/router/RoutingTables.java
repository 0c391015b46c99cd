package dev.ferry.serving.router;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;

/**
 * Every deployment's routing table, in one immutable map behind a volatile reference that each
 * change replaces, so a request sees either the old or the new routing, never a mix. A request
 * {@linkplain #enter enters} its table and holds it until a model version has taken the request;
 * tables a change replaced are remembered until nobody is entering them, which is what {@link
 * #quiesce} waits for.
 */
final class RoutingTables {
    private final Object writes = new Object();
    private final ConcurrentLinkedQueue<DeploymentTable> retired = new ConcurrentLinkedQueue<>();
    private volatile Map<String, DeploymentTable> tables = Map.of();

    /** The deployment's current table, or null for a name that is no deployment. */
    DeploymentTable get(String name) {
        return tables.get(name);
    }

    /** All current tables by deployment name: one consistent snapshot. */
    Map<String, DeploymentTable> snapshot() {
        return tables;
    }

    /**
     * Replaces one deployment's table with what {@code change} makes of the current one (null when
     * there is none); a null result removes the deployment. Changes are applied one at a time; an
     * exception from {@code change} leaves the tables as they were.
     */
    void update(String name, UnaryOperator<DeploymentTable> change) {
        synchronized (writes) {
            DeploymentTable previous = tables.get(name);
            DeploymentTable next = change.apply(previous);
            if (next == previous) {
                return;
            }
            Map<String, DeploymentTable> copy = new HashMap<>(tables);
            if (next == null) {
                copy.remove(name);
            } else {
                copy.put(name, next);
            }
            tables = Map.copyOf(copy);
            // A replaced table nobody is entering can never be entered again: forget it.
            retired.removeIf(r -> r.entering.get() == 0);
            if (previous != null) {
                retired.add(previous);
            }
        }
    }

    /**
     * The deployment's current table, registered as entered (the caller lets go with {@code
     * entering.decrementAndGet()}); null for a name that is no deployment. A table replaced between
     * the read and the registration is let go and the read repeated, so {@link #quiesce} never
     * misses a request.
     */
    DeploymentTable enter(String name) {
        while (true) {
            DeploymentTable t = tables.get(name);
            if (t == null) {
                return null;
            }
            t.entering.incrementAndGet();
            if (tables.get(name) == t) {
                return t;
            }
            t.entering.decrementAndGet();
        }
    }

    /**
     * Waits until no request that read a replaced table is still entering it.
     *
     * @return whether every such request got through within {@code timeout}
     */
    boolean quiesce(Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        for (DeploymentTable t = retired.peek(); t != null; t = retired.peek()) {
            while (t.entering.get() > 0) {
                if (System.nanoTime() > until) {
                    return false;
                }
                Thread.onSpinWait();
                Thread.yield();
            }
            retired.remove(t);
        }
        return true;
    }
}
