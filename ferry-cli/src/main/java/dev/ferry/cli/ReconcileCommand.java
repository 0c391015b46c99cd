package dev.ferry.cli;

import dev.ferry.api.FerryException;
import dev.ferry.api.deployment.ServingTarget;
import dev.ferry.client.deployment.HttpServingTarget;
import dev.ferry.core.bus.InProcessEventBus;
import dev.ferry.core.manifest.Durations;
import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.gitops.desired.DesiredStateReader;
import dev.ferry.gitops.promotion.Rollback;
import dev.ferry.gitops.reconcile.AnalysisCriteria;
import dev.ferry.gitops.reconcile.DesiredRouting;
import dev.ferry.gitops.reconcile.ReconcileLoop;
import dev.ferry.gitops.reconcile.Reconciler;
import dev.ferry.gitops.reconcile.ReconcilerOptions;
import dev.ferry.gitops.reconcile.RolloutEvents;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.Environment;
import dev.ferry.gitops.repository.GitOpsLayout;
import dev.ferry.gitops.webhook.GitWebhook;
import dev.ferry.gitops.webhook.Signatures;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ServingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry reconcile}: makes serving match the desired state in Git. Embedded by default (an
 * inference server in this JVM, ports as {@code ferry serve}); with {@code --server URL} it drives
 * a {@code ferry serve --deployments} elsewhere through its admin API.
 */
@Command(
        name = "reconcile",
        description = {
            "Make serving match the desired state in Git: poll an environment (a branch, or a",
            "directory on a branch), roll out changes",
            "(rolling, canary with analysis, shadow, A/B), apply release policies.",
            "Serves in this JVM (REST and gRPC ports as ferry serve) unless --server is given."
        })
final class ReconcileCommand implements Callable<Integer> {
    static final String WEBHOOK_SECRET_ENV = "FERRY_WEBHOOK_SECRET";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;
    @Mixin GitOpsOptions gitops;

    @Option(names = "--once", description = "Run one pass and exit (1 when the commit is refused).")
    boolean once;

    @Option(
            names = "--interval",
            defaultValue = "10s",
            description = "How often to look at the branch (default ${DEFAULT-VALUE}).")
    String interval;

    @Option(
            names = "--environment",
            paramLabel = "ENV",
            description =
                    "staging or production: the environment to follow, its branch or directory as"
                            + " the repository's layout says (default: production).")
    String environment;

    @Option(
            names = "--branch",
            paramLabel = "BRANCH",
            description =
                    "Layout branches: the branch to follow (default: the main branch,"
                            + " --main-branch).")
    String branch;

    @Option(
            names = "--server",
            paramLabel = "URL",
            description =
                    "Drive a remote 'ferry serve --deployments' at URL (admin token from "
                            + ServeCommand.ADMIN_TOKEN_ENV
                            + ") instead of serving here.")
    URI server;

    @Option(
            names = "--webhook-port",
            paramLabel = "N",
            description =
                    "Listen for POST /hooks/git on this port (0 picks one); the HMAC secret comes"
                            + " from the variable named by --webhook-secret-env.")
    Integer webhookPort;

    @Option(
            names = "--webhook-host",
            defaultValue = "0.0.0.0",
            description = "The webhook's bind address (default ${DEFAULT-VALUE}).")
    String webhookHost;

    @Option(
            names = "--webhook-secret-env",
            defaultValue = WEBHOOK_SECRET_ENV,
            paramLabel = "VAR",
            description =
                    "The environment variable holding the webhook secret (default"
                            + " ${DEFAULT-VALUE}).")
    String webhookSecretEnv;

    @Option(
            names = "--host",
            defaultValue = "0.0.0.0",
            description = "Embedded server: bind address (default ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--http-port",
            defaultValue = "8000",
            description = "Embedded server: REST port (default ${DEFAULT-VALUE}; 0 picks one).")
    int httpPort;

    @Option(
            names = "--grpc-port",
            defaultValue = "8001",
            description = "Embedded server: gRPC port (default ${DEFAULT-VALUE}; 0 picks one).")
    int grpcPort;

    @Option(
            names = "--min-requests",
            defaultValue = "20",
            description =
                    "Canary requests an analysis window needs before it is judged, and requests a"
                            + " policy window needs (default ${DEFAULT-VALUE}).")
    long minRequests;

    @Option(
            names = "--load-timeout",
            defaultValue = "2m",
            description = "How long a model version may take to load (default ${DEFAULT-VALUE}).")
    String loadTimeout;

    @Option(
            names = "--health-timeout",
            defaultValue = "30s",
            description =
                    "How long a routed deployment may take to be healthy (default"
                            + " ${DEFAULT-VALUE}).")
    String healthTimeout;

    /** Counted down once the server and stores are closed, so Ctrl-C waits for a clean stop. */
    private final java.util.concurrent.CountDownLatch closed =
            new java.util.concurrent.CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        try {
            return reconcile();
        } finally {
            closed.countDown();
        }
    }

    private int reconcile() throws InterruptedException {
        Duration every = duration("--interval", interval);
        PrintWriter out = spec.commandLine().getOut();
        Consumer<String> progress =
                line -> {
                    synchronized (out) {
                        out.println(LocalTime.now().format(CLOCK) + " " + line);
                        out.flush();
                    }
                };
        Optional<Signatures> signatures = webhookSignatures();
        try (Workspace ws = Workspace.open(global);
                DesiredStateRepository repo = gitops.open(ws)) {
            // Resolved before anything listens, so a wrong option costs no port.
            Environment followed =
                    GitOpsOptions.environment(
                            gitops.layout(ws, repo), environment, branch, GitOpsLayout::production);
            try (InProcessEventBus bus = new InProcessEventBus(10_000);
                    Serving serving = serving(ws, bus, out)) {
                ReconcilerOptions options =
                        new ReconcilerOptions(
                                followed,
                                "ferry",
                                duration("--load-timeout", loadTimeout),
                                duration("--health-timeout", healthTimeout),
                                AnalysisCriteria.defaults().withMinRequests(minRequests));
                ManifestLoader loader = ManifestLoader.standard();
                Reconciler reconciler =
                        new Reconciler(
                                new DesiredStateReader(repo, loader),
                                GitOpsOptions.upstream(ws, repo),
                                new DesiredRouting(ws.registry()),
                                serving.target(),
                                ws.rollouts(),
                                new RolloutEvents(
                                        Optional.of(bus), "ferry", followed.name(), ws.clock()),
                                new Rollback(repo, loader),
                                options,
                                ws.clock(),
                                progress);
                if (once) {
                    Reconciler.Pass pass = reconciler.reconcile();
                    progress.accept(
                            "commit "
                                    + pass.commit().substring(0, 10)
                                    + (pass.refused()
                                            ? " refused"
                                            : pass.changed().isEmpty()
                                                    ? ": nothing to change"
                                                    : ": changed "
                                                            + String.join(", ", pass.changed())));
                    return pass.refused() ? ExitCode.FAILED : ExitCode.OK;
                }
                ReconcileLoop loop = new ReconcileLoop(reconciler, every, progress);
                try (GitWebhook hook = webhook(signatures, loop::trigger)) {
                    progress.accept(
                            "reconciling "
                                    + followed.describe()
                                    + " of "
                                    + gitops.directory(ws)
                                    + " every "
                                    + Durations.format(every)
                                    + (hook == null
                                            ? ""
                                            : "; webhook at http://"
                                                    + webhookHost
                                                    + ":"
                                                    + hook.port()
                                                    + GitWebhook.PATH)
                                    + "; Ctrl-C stops");
                    Thread main = Thread.currentThread();
                    Thread stop =
                            new Thread(
                                    () -> {
                                        main.interrupt();
                                        try {
                                            closed.await(20, java.util.concurrent.TimeUnit.SECONDS);
                                        } catch (InterruptedException e) {
                                            Thread.currentThread().interrupt();
                                        }
                                    },
                                    "ferry-reconcile-stop");
                    Runtime.getRuntime().addShutdownHook(stop);
                    try {
                        loop.run();
                    } catch (InterruptedException e) {
                        progress.accept("stopped");
                    }
                    return ExitCode.CANCELLED;
                }
            }
        }
    }

    /** Where the reconciler's actions go: a server here, or one elsewhere. */
    private record Serving(ServingTarget target, Optional<FerryServer> server)
            implements AutoCloseable {
        @Override
        public void close() {
            server.ifPresent(FerryServer::close);
        }
    }

    private Serving serving(Workspace ws, InProcessEventBus bus, PrintWriter out) {
        if (server != null) {
            String token = System.getenv(ServeCommand.ADMIN_TOKEN_ENV);
            return new Serving(
                    new HttpServingTarget(
                            server,
                            Optional.ofNullable(token).filter(t -> !t.isBlank()),
                            Duration.ofSeconds(30)),
                    Optional.empty());
        }
        ServingConfig config;
        try {
            config =
                    ServingConfig.defaults(Path.of("."))
                            .withHost(host)
                            .withHttpPort(httpPort)
                            .withGrpcPort(grpcPort)
                            .withEvents(1.0, 10_000, "default");
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        FerryServer started;
        try {
            started =
                    FerryServer.builder(config)
                            .eventBus(bus)
                            .deployments(ws.registry(), ws.artifacts(), ws.config().models())
                            .build()
                            .start();
        } catch (FerryException e) {
            throw new UnavailableException("the server could not start: " + e.getMessage(), e);
        }
        out.printf(
                "serving deployments on http://%s:%d (REST) and %s:%s (gRPC)%n",
                host,
                started.httpPort(),
                host,
                started.port("grpc").map(String::valueOf).orElse("-"));
        out.flush();
        return new Serving(started.servingTarget().orElseThrow(), Optional.of(started));
    }

    private Optional<Signatures> webhookSignatures() {
        if (webhookPort == null) {
            return Optional.empty();
        }
        String secret = System.getenv(webhookSecretEnv);
        if (secret == null || secret.isBlank()) {
            throw new UserInputException(
                    "--webhook-port needs a secret: set "
                            + webhookSecretEnv
                            + " to the secret configured at the Git host");
        }
        return Optional.of(new Signatures(secret));
    }

    private GitWebhook webhook(Optional<Signatures> signatures, Runnable trigger) {
        if (signatures.isEmpty()) {
            return null;
        }
        try {
            return GitWebhook.start(webhookHost, webhookPort, signatures.get(), trigger);
        } catch (IOException e) {
            throw new UnavailableException(
                    "cannot listen for webhooks on "
                            + webhookHost
                            + ":"
                            + webhookPort
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static Duration duration(String option, String text) {
        return Durations.parse(text)
                .orElseThrow(
                        () ->
                                new UserInputException(
                                        option
                                                + " '"
                                                + text
                                                + "' is not a duration (e.g. 500ms, 10s, 1m)"));
    }
}
