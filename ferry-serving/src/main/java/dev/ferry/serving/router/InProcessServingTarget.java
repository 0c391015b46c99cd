package dev.ferry.serving.router;

import dev.ferry.api.deployment.ActualState;
import dev.ferry.api.deployment.PredictorStats;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.ServingTarget;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.serving.ModelNotFoundException;
import dev.ferry.serving.ServingException;
import dev.ferry.serving.hosting.ModelHost;
import dev.ferry.serving.hosting.ServedVersion;
import dev.ferry.serving.repository.RegisteredVersionsRepository;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ServingTarget} of an inference server in this JVM: loads registered versions into the
 * server's {@link ModelHost} and routes deployments with its {@link DeploymentRouter}.
 *
 * <p>Loading a version adds it beside the versions already serving (they keep serving untouched); a
 * version that fails to load is taken out again, so nothing changes but the error. Unloading
 * refuses a version a deployment still routes to, waits until no request is still heading for it,
 * and lets the host drain the requests running on it before freeing its memory.
 */
public final class InProcessServingTarget implements ServingTarget {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessServingTarget.class);
    private static final Duration QUIESCE = Duration.ofSeconds(30);

    private final DeploymentRouter router;
    private final ModelHost host;
    private final RegisteredVersionsRepository repository;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /**
     * A target acting on {@code router} and on {@code host}, whose repository is {@code
     * repository}.
     */
    public InProcessServingTarget(
            DeploymentRouter router, ModelHost host, RegisteredVersionsRepository repository) {
        this.router = router;
        this.host = host;
        this.repository = repository;
    }

    @Override
    public ActualState actual() {
        return new ActualState(router.routings(), loaded());
    }

    private Set<VersionKey> loaded() {
        Set<VersionKey> out = new TreeSet<>();
        for (String model : repository.modelNames()) {
            for (ServedVersion v : host.versions(model)) {
                out.add(new VersionKey(model, Math.toIntExact(v.version())));
            }
        }
        return out;
    }

    /**
     * Loads a registered version beside those serving.
     *
     * @throws DeploymentException NOT_FOUND when the registry has no such version, LOAD_FAILED with
     *     the runtime's reason, TIMED_OUT when it is still loading after {@code timeout} (the load
     *     goes on; a repeated call waits for it)
     */
    @Override
    public void load(VersionKey version, Duration timeout) {
        CompletableFuture<Void> loading = new CompletableFuture<>();
        Thread.ofVirtual()
                .name("load-" + version)
                .start(
                        () -> {
                            try {
                                loadNow(version);
                                loading.complete(null);
                            } catch (RuntimeException e) {
                                loading.completeExceptionally(e);
                            }
                        });
        try {
            loading.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new DeploymentException(
                    DeploymentException.Reason.TIMED_OUT,
                    version + " is still loading after " + timeout + "; it serves once loaded");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DeploymentException d) {
                throw d;
            }
            throw new DeploymentException(
                    DeploymentException.Reason.LOAD_FAILED,
                    version + " failed to load: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException(
                    DeploymentException.Reason.TIMED_OUT,
                    "interrupted while waiting for " + version + " to load");
        }
    }

    private void loadNow(VersionKey version) {
        ReentrantLock lock = lock(version.model());
        lock.lock();
        try {
            if (isLoaded(version)) {
                return;
            }
            try {
                repository.add(version);
            } catch (ModelNotFoundException e) {
                throw new DeploymentException(
                        DeploymentException.Reason.NOT_FOUND, e.getMessage(), e);
            }
            try {
                host.load(version.model());
            } catch (ServingException e) {
                repository.remove(version);
                restore(version.model());
                throw new DeploymentException(
                        DeploymentException.Reason.LOAD_FAILED,
                        version + " failed to load: " + e.getMessage(),
                        e);
            }
            LOG.info("{} loaded", version);
        } finally {
            lock.unlock();
        }
    }

    /** Reloads the versions left after a failed load, so the failure is no longer reported. */
    private void restore(String model) {
        if (repository.versions(model).isEmpty()) {
            return;
        }
        try {
            host.load(model);
        } catch (ServingException e) {
            LOG.warn(
                    "model '{}' could not be restored after a failed load: {}",
                    model,
                    e.getMessage());
        }
    }

    /**
     * Unloads a version; unloading one that is not loaded does nothing.
     *
     * @throws DeploymentException CONFLICT while a deployment routes to it, TIMED_OUT when requests
     *     heading for it do not get through in time
     */
    @Override
    public void unload(VersionKey version) {
        ReentrantLock lock = lock(version.model());
        lock.lock();
        try {
            List<String> users = router.deploymentsUsing(version);
            if (!users.isEmpty()) {
                throw new DeploymentException(
                        DeploymentException.Reason.CONFLICT,
                        version
                                + " is still routed by deployments "
                                + users
                                + "; route them elsewhere first");
            }
            if (!repository.versions(version.model()).contains(version.version())) {
                return;
            }
            if (!router.quiesce(QUIESCE)) {
                throw new DeploymentException(
                        DeploymentException.Reason.TIMED_OUT,
                        "requests routed to "
                                + version
                                + " before its routing changed are still on their way after "
                                + QUIESCE
                                + "; try again");
            }
            repository.remove(version);
            try {
                if (repository.versions(version.model()).isEmpty()) {
                    if (!host.versions(version.model()).isEmpty()) {
                        host.unload(version.model());
                    }
                } else {
                    // Reloading the remaining set keeps their instances and retires this one.
                    host.load(version.model());
                }
            } catch (ServingException e) {
                throw new DeploymentException(
                        DeploymentException.Reason.LOAD_FAILED,
                        "unloading " + version + " failed: " + e.getMessage(),
                        e);
            }
            LOG.info("{} unloaded", version);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void route(String deployment, Routing routing) {
        router.route(deployment, routing);
    }

    @Override
    public void remove(String deployment) {
        router.remove(deployment);
    }

    @Override
    public boolean healthy(String deployment) {
        return router.healthy(deployment);
    }

    @Override
    public List<PredictorStats> stats(String deployment) {
        return router.stats(deployment);
    }

    private boolean isLoaded(VersionKey v) {
        return host.versions(v.model()).stream().anyMatch(s -> s.version() == v.version());
    }

    private ReentrantLock lock(String model) {
        return locks.computeIfAbsent(model, k -> new ReentrantLock());
    }
}
