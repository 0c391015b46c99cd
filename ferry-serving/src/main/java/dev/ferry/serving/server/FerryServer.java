package dev.ferry.serving.server;

import dev.ferry.api.artifact.ArtifactStore;
import dev.ferry.api.deployment.ServingTarget;
import dev.ferry.api.event.EventBus;
import dev.ferry.api.model.ModelRegistry;
import dev.ferry.serving.ServingException;
import dev.ferry.serving.codec.V2Json;
import dev.ferry.serving.codec.V2ResponseWriter;
import dev.ferry.serving.events.InferenceEventPublisher;
import dev.ferry.serving.hosting.HostedInferenceService;
import dev.ferry.serving.hosting.HostingOptions;
import dev.ferry.serving.hosting.ModelHost;
import dev.ferry.serving.inference.InferenceService;
import dev.ferry.serving.inference.ServerMetadata;
import dev.ferry.serving.metrics.ServingMetrics;
import dev.ferry.serving.repository.DirectoryRepository;
import dev.ferry.serving.repository.ModelRepository;
import dev.ferry.serving.repository.RegisteredVersionsRepository;
import dev.ferry.serving.rest.RestEndpoint;
import dev.ferry.serving.router.AdminRoutes;
import dev.ferry.serving.router.DeploymentRouter;
import dev.ferry.serving.router.InProcessServingTarget;
import dev.ferry.serving.runtime.Runtimes;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference server: model repository, runtimes, REST endpoint, metrics, events and any extra
 * {@link ServingEndpoint}s (gRPC), started and stopped together.
 *
 * <pre>{@code
 * try (FerryServer server = FerryServer.builder(ServingConfig.defaults(dir)).eventBus(bus).build().start()) {
 *     server.awaitShutdown();
 * }
 * }</pre>
 */
public final class FerryServer implements AutoCloseable {
    /** The protocol extensions the server supports, as advertised by {@code GET /v2}. */
    public static final List<String> EXTENSIONS = List.of("binary_tensor_data", "model_repository");

    private static final Logger LOG = LoggerFactory.getLogger(FerryServer.class);

    private final ServingConfig config;
    private final ModelHost host;
    private final ServingMetrics metrics;
    private final Optional<InferenceEventPublisher> events;
    private final HostedInferenceService service;
    private final Optional<DeploymentRouter> router;
    private final Optional<InProcessServingTarget> target;
    private final InferenceService front;
    private final Optional<AdminRoutes.AdminToken> adminToken;
    private final List<ServingEndpoint> endpoints;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private RestEndpoint rest;
    private RepositoryPoller poller;

    private FerryServer(Builder b) {
        this.config = b.config;
        this.metrics = new ServingMetrics();
        RegisteredVersionsRepository registered =
                b.registry == null
                        ? null
                        : new RegisteredVersionsRepository(b.registry, b.artifacts, b.cache);
        ModelRepository repository =
                registered != null
                        ? registered
                        : b.repository != null
                                ? b.repository
                                : new DirectoryRepository(config.modelRepository());
        this.host =
                new ModelHost(
                        repository,
                        b.runtimes != null ? b.runtimes : Runtimes.discover(),
                        new HostingOptions(
                                config.maxQueueSize(),
                                config.requestTimeout(),
                                config.intraOpThreads(),
                                config.interOpThreads()),
                        metrics);
        V2ResponseWriter writer = new V2ResponseWriter(V2Json.newMapper());
        this.events =
                Optional.ofNullable(b.bus)
                        .map(
                                bus ->
                                        new InferenceEventPublisher(
                                                bus,
                                                config.eventSampleRate(),
                                                config.eventQueueSize(),
                                                URI.create("/ferry/serving"),
                                                config.predictor(),
                                                metrics,
                                                writer));
        String version =
                Optional.ofNullable(FerryServer.class.getPackage().getImplementationVersion())
                        .orElse("dev");
        this.service =
                new HostedInferenceService(
                        host, metrics, events, new ServerMetadata("ferry", version, EXTENSIONS));
        this.adminToken = Optional.ofNullable(b.adminToken);
        if (registered != null) {
            DeploymentRouter r = new DeploymentRouter(service, host, metrics, b.maxShadowInFlight);
            this.router = Optional.of(r);
            this.target = Optional.of(new InProcessServingTarget(r, host, registered));
            this.front = r;
        } else {
            this.router = Optional.empty();
            this.target = Optional.empty();
            this.front = service;
        }
        List<ServingEndpoint> all = new ArrayList<>(b.endpoints);
        if (b.discoverEndpoints) {
            ServiceLoader.load(ServingEndpoint.class).forEach(all::add);
        }
        this.endpoints = List.copyOf(all);
    }

    /** A builder for a server with {@code config}. */
    public static Builder builder(ServingConfig config) {
        return new Builder(config);
    }

    /**
     * Loads models as the control mode says, then starts REST and every endpoint. A model that
     * fails to load at start is logged and reported by readiness and the repository index; the
     * server still starts.
     */
    public FerryServer start() {
        try {
            startAll();
        } catch (RuntimeException e) {
            // A port in use or a failing endpoint must not leave loaded models and threads behind.
            try {
                close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return this;
    }

    private void startAll() {
        List<String> initial =
                switch (config.modelControl()) {
                    case NONE, POLL -> host.repository().modelNames();
                    case EXPLICIT -> config.startupModels();
                };
        for (String name : initial) {
            try {
                host.load(name);
            } catch (ServingException e) {
                LOG.error("model '{}' failed to load: {}", name, e.getMessage());
            }
        }
        rest =
                new RestEndpoint(
                        config.host(),
                        config.httpPort(),
                        config.maxRequestBytes(),
                        config.maxElements(),
                        front,
                        metrics,
                        r -> target.ifPresent(t -> new AdminRoutes(t, adminToken).register(r)));
        for (ServingEndpoint endpoint : endpoints) {
            endpoint.start(front, config);
            LOG.info("{} endpoint listening on port {}", endpoint.name(), endpoint.port());
        }
        if (config.modelControl() == ModelControl.POLL) {
            poller = new RepositoryPoller(host, config.pollInterval());
        }
        if (target.isPresent() && adminToken.isEmpty() && !isLoopback(config.host())) {
            LOG.warn(
                    "the deployment admin API (/ferry/v1) on {} has no token: whoever reaches the"
                            + " port can change what serves; set one (ferry serve reads"
                            + " FERRY_ADMIN_TOKEN)",
                    config.host());
        }
        service.markReady(true);
        router.ifPresent(r -> r.markReady(true));
        LOG.info(
                "serving {} on port {} (REST), models {}",
                host.repository().location(),
                rest.port(),
                host.loadedNames());
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    /** The transport-independent core, for embedding and for other endpoints. */
    public InferenceService inference() {
        return front;
    }

    /**
     * The serving side a reconciler drives, when the server serves deployments (see {@link
     * Builder#deployments}); empty otherwise.
     */
    public Optional<ServingTarget> servingTarget() {
        return target.map(t -> t);
    }

    /** The REST port actually bound. */
    public int httpPort() {
        return rest.port();
    }

    /** The port of a named endpoint (e.g. {@code grpc}), if such an endpoint runs. */
    public Optional<Integer> port(String endpoint) {
        return endpoints.stream()
                .filter(e -> e.name().equals(endpoint))
                .map(ServingEndpoint::port)
                .findFirst();
    }

    /** The server's metrics. */
    public ServingMetrics metrics() {
        return metrics;
    }

    /** Blocks until {@link #close()} is called (for the CLI's foreground mode). */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /** Stops endpoints in reverse order, then REST, polling, events and every model. */
    @Override
    public void close() {
        service.markReady(false);
        router.ifPresent(r -> r.markReady(false));
        if (poller != null) {
            poller.close();
        }
        for (int i = endpoints.size() - 1; i >= 0; i--) {
            endpoints.get(i).stop();
        }
        if (rest != null) {
            rest.close();
        }
        router.ifPresent(DeploymentRouter::close);
        host.close();
        events.ifPresent(InferenceEventPublisher::close);
        stopped.countDown();
    }

    /** Builds a {@link FerryServer}. */
    public static final class Builder {
        private final ServingConfig config;
        private final List<ServingEndpoint> endpoints = new ArrayList<>();
        private EventBus bus;
        private ModelRepository repository;
        private Runtimes runtimes;
        private boolean discoverEndpoints = true;
        private ModelRegistry registry;
        private ArtifactStore artifacts;
        private Path cache;
        private int maxShadowInFlight = DeploymentRouter.DEFAULT_SHADOW_IN_FLIGHT;
        private AdminRoutes.AdminToken adminToken;

        private Builder(ServingConfig config) {
            this.config = config;
        }

        /** Publishes inference events on {@code value}; without a bus no events are produced. */
        public Builder eventBus(EventBus value) {
            this.bus = value;
            return this;
        }

        /**
         * Serves from another repository (e.g. registry-backed) instead of the config's directory.
         */
        public Builder repository(ModelRepository value) {
            this.repository = value;
            return this;
        }

        /**
         * Serves deployments: starts with nothing loaded, loads registered versions of {@code
         * registry} (files placed under {@code cache}) when told to, and routes each deployment's
         * name to its predictors' versions. {@link FerryServer#servingTarget()} is how a reconciler
         * in this JVM drives it; the admin API under {@code /ferry/v1} is how one on another host
         * does. Replaces any other repository.
         */
        public Builder deployments(ModelRegistry registry, ArtifactStore artifacts, Path cache) {
            this.registry = registry;
            this.artifacts = artifacts;
            this.cache = cache;
            return this;
        }

        /**
         * Requires {@code Authorization: Bearer <token>} on the deployment admin API ({@code
         * /ferry/v1}); without a token the API is open to whoever reaches the port.
         */
        public Builder adminToken(String token) {
            this.adminToken = new AdminRoutes.AdminToken(token);
            return this;
        }

        /** How many shadow copies may run at once before further copies are dropped (64). */
        public Builder maxShadowInFlight(int value) {
            this.maxShadowInFlight = value;
            return this;
        }

        /** Uses these runtimes instead of discovering them. */
        public Builder runtimes(Runtimes value) {
            this.runtimes = value;
            return this;
        }

        /** Adds an endpoint (such as gRPC) that shares the server's lifecycle. */
        public Builder endpoint(ServingEndpoint value) {
            endpoints.add(value);
            return this;
        }

        /** Whether to add endpoints found with ServiceLoader (default true). */
        public Builder discoverEndpoints(boolean value) {
            this.discoverEndpoints = value;
            return this;
        }

        /** The server, not started yet. */
        public FerryServer build() {
            return new FerryServer(this);
        }
    }
}
