package dev.ferry.serving.router;

import dev.ferry.api.deployment.PredictorStats;
import dev.ferry.api.deployment.Route;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.serving.InvalidRequestException;
import dev.ferry.serving.ServingException;
import dev.ferry.serving.hosting.HostedInferenceService;
import dev.ferry.serving.hosting.ModelHost;
import dev.ferry.serving.hosting.ServedVersion;
import dev.ferry.serving.inference.Attribution;
import dev.ferry.serving.inference.InferenceRequest;
import dev.ferry.serving.inference.InferenceResponse;
import dev.ferry.serving.inference.InferenceService;
import dev.ferry.serving.inference.ModelMetadata;
import dev.ferry.serving.inference.ModelTarget;
import dev.ferry.serving.inference.Protocol;
import dev.ferry.serving.inference.RepositoryEntry;
import dev.ferry.serving.inference.ServerMetadata;
import dev.ferry.serving.metrics.ServingMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Routes calls to a deployment's name onto one predictor's exact model version, and passes every
 * other call to the hosted service underneath. Deployment names take precedence over model names.
 *
 * <p>Each deployment's routing is an immutable {@link DeploymentTable} in {@link RoutingTables}, so
 * a request sees either the old or the new routing, never a mix. A request holds its table (and
 * then its model version) until the version has taken it, which is what lets {@link #quiesce}
 * guarantee that no request still heads for a version that nothing routes to any more before it is
 * unloaded.
 */
public final class DeploymentRouter implements InferenceService, AutoCloseable {
    /** The most shadow copies in flight at once by default. */
    public static final int DEFAULT_SHADOW_IN_FLIGHT = 64;

    private static final InferenceRequest UNPARSED =
            new InferenceRequest("", Map.of(), List.of(), List.of());

    private final HostedInferenceService hosted;
    private final ModelHost host;
    private final ShadowMirror shadows;
    private final RoutingTables tables = new RoutingTables();
    private volatile boolean ready;

    /**
     * A router over {@code hosted} (which runs requests on {@code host}'s versions), letting at
     * most {@code maxShadowInFlight} shadow copies run at once.
     */
    public DeploymentRouter(
            HostedInferenceService hosted,
            ModelHost host,
            ServingMetrics metrics,
            int maxShadowInFlight) {
        if (maxShadowInFlight < 1) {
            throw new IllegalArgumentException(
                    "at least one shadow request must be allowed in flight, got "
                            + maxShadowInFlight);
        }
        this.hosted = hosted;
        this.host = host;
        this.shadows = new ShadowMirror(hosted, metrics, maxShadowInFlight);
    }

    // ---- routing changes ----

    /**
     * Routes a deployment's traffic, creating it when new. Every version must be loaded in the
     * host; counters of predictors keeping their name and version carry over.
     *
     * @throws DeploymentException INVALID for bad weights or names, CONFLICT for an unloaded
     *     version
     */
    public void route(String deployment, Routing routing) {
        tables.update(
                deployment,
                previous -> {
                    DeploymentTable next =
                            DeploymentTable.build(
                                    deployment, routing, Optional.ofNullable(previous));
                    routing.versions()
                            .filter(v -> !isLoaded(v))
                            .findFirst()
                            .ifPresent(
                                    v -> {
                                        throw new DeploymentException(
                                                DeploymentException.Reason.CONFLICT,
                                                "deployment '"
                                                        + deployment
                                                        + "' cannot route to "
                                                        + v
                                                        + ": it is not loaded; load it first");
                                    });
                    return next;
                });
    }

    /** Stops serving a deployment; unknown names are ignored, so removing twice is harmless. */
    public void remove(String deployment) {
        tables.update(deployment, previous -> null);
    }

    /**
     * Waits until no request that read a replaced routing is still on its way to a model version,
     * so a version nothing routes to can be unloaded without failing a request. Requests already
     * running on a version are waited for by the host when it unloads.
     *
     * @return whether every such request got through within {@code timeout}
     */
    public boolean quiesce(Duration timeout) {
        return tables.quiesce(timeout);
    }

    /** Each served deployment's routing, by name. */
    public Map<String, Routing> routings() {
        return DeploymentTable.routings(tables.snapshot());
    }

    /** The deployments whose routing (predictors or shadow) uses {@code version}. */
    public List<String> deploymentsUsing(VersionKey version) {
        List<String> out = new ArrayList<>();
        tables.snapshot()
                .forEach(
                        (name, t) -> {
                            if (t.uses(version)) {
                                out.add(name);
                            }
                        });
        return out.stream().sorted().toList();
    }

    /** Whether every version the deployment routes to, shadow included, is loaded. */
    public boolean healthy(String deployment) {
        DeploymentTable t = tables.get(deployment);
        return t != null && t.routing.versions().allMatch(this::isLoaded);
    }

    /** The deployment's cumulative statistics per predictor, then the shadow; empty if unknown. */
    public List<PredictorStats> stats(String deployment) {
        DeploymentTable t = tables.get(deployment);
        return t == null ? List.of() : t.stats();
    }

    private boolean isLoaded(VersionKey v) {
        return host.versions(v.model()).stream().anyMatch(s -> s.version() == v.version());
    }

    /** Marks the server ready once its start-up is done. */
    public void markReady(boolean value) {
        this.ready = value;
    }

    // ---- the inference service ----

    @Override
    public ServerMetadata serverMetadata() {
        return hosted.serverMetadata();
    }

    @Override
    public boolean live() {
        return hosted.live();
    }

    /**
     * Ready once started and every deployment can answer; a registered version that failed to load
     * does not make the server unready, since whatever served before still serves.
     */
    @Override
    public boolean ready() {
        if (!ready) {
            return false;
        }
        for (DeploymentTable t : tables.snapshot().values()) {
            if (!routesReady(t)) {
                return false;
            }
        }
        return true;
    }

    private boolean routesReady(DeploymentTable t) {
        for (Route r : t.routes) {
            if (!isLoaded(r.version())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public ModelMetadata modelMetadata(ModelTarget target) {
        DeploymentTable t = tables.get(target.name());
        if (t == null || addressesModelVersion(target)) {
            return hosted.modelMetadata(target);
        }
        refuseVersion(target);
        // Callers of a deployment see the first predictor's signature; a rollout that changes the
        // signature is a new contract, which is why the versions are listed too.
        ServedVersion first = host.find(target(t.routes[0].version()));
        List<String> versions =
                t.routing.routes().stream()
                        .map(r -> Integer.toString(r.version().version()))
                        .distinct()
                        .toList();
        return new ModelMetadata(
                t.name,
                versions,
                first.platform(),
                first.signature().inputs(),
                first.signature().outputs());
    }

    @Override
    public boolean modelReady(ModelTarget target) {
        DeploymentTable t = tables.get(target.name());
        if (t == null || addressesModelVersion(target)) {
            return hosted.modelReady(target);
        }
        refuseVersion(target);
        return routesReady(t);
    }

    @Override
    public CompletableFuture<InferenceResponse> inferAsync(
            ModelTarget target, InferenceRequest request, Protocol protocol) {
        if (addressesModelVersion(target)) {
            return hosted.inferAsync(target, request, protocol);
        }
        DeploymentTable t = tables.enter(target.name());
        if (t == null) {
            return hosted.inferAsync(target, request, protocol);
        }
        int chosen;
        try {
            refuseVersion(target);
            chosen = t.choose(request);
        } catch (RuntimeException e) {
            t.entering.decrementAndGet();
            throw e;
        }
        Route route = t.routes[chosen];
        PredictorCounters counters = t.counters[chosen];
        long start = System.nanoTime();
        CompletableFuture<InferenceResponse> answer;
        try {
            answer =
                    hosted.inferAsync(
                            target(route.version()),
                            request,
                            protocol,
                            new Attribution(t.name, route.predictor()));
        } catch (ServingException e) {
            counters.record(System.nanoTime() - start, e.kind().httpStatus());
            shadows.mirror(t, request, protocol, null);
            throw e;
        } finally {
            // The version holds the request from here on (or it failed): the table may go.
            t.entering.decrementAndGet();
        }
        return answer.whenComplete(
                (response, error) -> {
                    counters.record(
                            System.nanoTime() - start,
                            error == null ? 200 : ShadowMirror.status(error));
                    shadows.mirror(t, request, protocol, response);
                });
    }

    @Override
    public InferenceResponse infer(
            ModelTarget target, InferenceRequest request, Protocol protocol) {
        if (addressesModelVersion(target)) {
            return hosted.infer(target, request, protocol);
        }
        DeploymentTable t = tables.enter(target.name());
        if (t == null) {
            // A model called by name: the hosted service's direct path, with no future.
            return hosted.infer(target, request, protocol);
        }
        int chosen;
        try {
            refuseVersion(target);
            chosen = t.choose(request);
        } catch (RuntimeException e) {
            t.entering.decrementAndGet();
            throw e;
        }
        Route route = t.routes[chosen];
        PredictorCounters counters = t.counters[chosen];
        long start = System.nanoTime();
        // The deadline-aware direct path, as for a model called by name; the table is let go
        // once the version holds the request, as on the async path.
        Runnable admitted = t.entering::decrementAndGet;
        InferenceResponse response;
        try {
            response =
                    hosted.infer(
                            target(route.version()),
                            request,
                            protocol,
                            new Attribution(t.name, route.predictor()),
                            admitted);
        } catch (RuntimeException e) {
            counters.record(System.nanoTime() - start, ShadowMirror.status(e));
            shadows.mirror(t, request, protocol, null);
            throw e;
        }
        counters.record(System.nanoTime() - start, 200);
        shadows.mirror(t, request, protocol, response);
        return response;
    }

    /** Plain models may answer at once; a deployment's requests always take {@link #infer}. */
    @Override
    public Optional<InferenceResponse> inferNow(
            ModelTarget target, InferenceRequest request, Protocol protocol) {
        if (addressesModelVersion(target) || tables.get(target.name()) == null) {
            return hosted.inferNow(target, request, protocol);
        }
        return Optional.empty();
    }

    @Override
    public void rejected(ModelTarget target, Protocol protocol, ServingException error) {
        DeploymentTable t = tables.get(target.name());
        if (t == null) {
            hosted.rejected(target, protocol, error);
            return;
        }
        // A request that never parsed is charged to a predictor drawn by weight, so the
        // deployment's counters and metrics still add up to what callers sent.
        int chosen = t.choose(UNPARSED);
        Route route = t.routes[chosen];
        t.counters[chosen].record(0, error.kind().httpStatus());
        hosted.rejected(
                target(route.version()),
                protocol,
                error,
                new Attribution(t.name, route.predictor()));
    }

    @Override
    public List<RepositoryEntry> repositoryIndex(boolean readyOnly) {
        return hosted.repositoryIndex(readyOnly);
    }

    @Override
    public void load(String model) {
        hosted.load(model);
    }

    /** Unloads a model unless a deployment still routes to one of its versions. */
    @Override
    public void unload(String model) {
        List<String> users = new ArrayList<>();
        tables.snapshot()
                .forEach(
                        (name, t) -> {
                            if (t.routing.versions().anyMatch(v -> v.model().equals(model))) {
                                users.add(name);
                            }
                        });
        if (!users.isEmpty()) {
            throw new InvalidRequestException(
                    "model '"
                            + model
                            + "' serves deployments "
                            + users.stream().sorted().toList()
                            + "; route them elsewhere before unloading it");
        }
        hosted.unload(model);
    }

    @Override
    public Optional<String> routingHeader(String model) {
        DeploymentTable t = tables.get(model);
        return t == null ? Optional.empty() : t.routing.stickyKey();
    }

    /**
     * Whether a versioned call names a model version although a deployment has the same name: a
     * deployment has no versions of its own, so {@code /v2/models/NAME/versions/N} keeps reaching
     * version N of the model NAME.
     */
    private boolean addressesModelVersion(ModelTarget target) {
        return !target.anyVersion() && !host.versions(target.name()).isEmpty();
    }

    private static void refuseVersion(ModelTarget target) {
        if (!target.anyVersion()) {
            throw new InvalidRequestException(
                    "'"
                            + target.name()
                            + "' is a deployment and no model of that name is loaded: call it"
                            + " without a version; its routing picks the model version");
        }
    }

    private static ModelTarget target(VersionKey v) {
        return new ModelTarget(v.model(), Integer.toString(v.version()));
    }

    /** Stops mirroring to shadows. */
    @Override
    public void close() {
        shadows.close();
    }
}
