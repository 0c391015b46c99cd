package dev.ferry.cli;

import dev.ferry.api.FerryException;
import dev.ferry.api.model.ModelRef;
import dev.ferry.core.bus.InProcessEventBus;
import dev.ferry.core.manifest.Durations;
import dev.ferry.serving.repository.RegistryRepository;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ModelControl;
import dev.ferry.serving.server.ServingConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry serve}: the inference server (Open Inference Protocol over REST and gRPC) for a
 * Triton-style model repository or for registered models.
 */
@Command(
        name = "serve",
        description = {
            "Serve models over the Open Inference Protocol (V2), REST and gRPC.",
            "Serve a Triton-style directory (<model>/<version>/model.onnx [+ config.pbtxt]),",
            "registered models (--model mnist@champion), or deployments (--deployments): start",
            "empty and let a reconciler load registered versions and route each deployment",
            "through the admin API under /ferry/v1 (token from FERRY_ADMIN_TOKEN when set)."
        })
final class ServeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @ArgGroup(multiplicity = "1")
    Source source;

    /** Where the models come from: a directory or the registry. */
    static final class Source {
        @Option(
                names = "--model-repository",
                paramLabel = "DIR",
                description = "A model repository in Triton's layout.")
        Path repository;

        @Option(
                names = "--model",
                paramLabel = "REF",
                description = "A registered model (name@VERSION, name@ALIAS); repeatable.")
        List<String> models;

        @Option(
                names = "--deployments",
                description =
                        "Serve deployments: nothing at start; a reconciler (ferry reconcile"
                                + " --server URL) loads registered versions and routes"
                                + " /v2/models/<deployment> to them.")
        boolean deployments;
    }

    /** The environment variable holding the admin API's bearer token. */
    static final String ADMIN_TOKEN_ENV = "FERRY_ADMIN_TOKEN";

    @Option(
            names = "--host",
            defaultValue = "0.0.0.0",
            description = "Bind address (default ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--http-port",
            defaultValue = "8000",
            description = "REST port (default ${DEFAULT-VALUE}; 0 picks one).")
    int httpPort;

    @Option(
            names = "--grpc-port",
            defaultValue = "8001",
            description = "gRPC port (default ${DEFAULT-VALUE}; 0 picks one; -1 turns gRPC off).")
    int grpcPort;

    @Option(
            names = "--model-control",
            defaultValue = "none",
            description =
                    "none: load all at start; explicit: only via the repository API; poll: watch"
                            + " for changes (default ${DEFAULT-VALUE}).")
    String modelControl;

    @Option(
            names = "--load-model",
            paramLabel = "NAME",
            description = "With explicit control: load these at start.")
    List<String> startupModels = new ArrayList<>();

    @Option(
            names = "--poll-interval",
            defaultValue = "5s",
            description = "With poll control: how often to look (default ${DEFAULT-VALUE}).")
    String pollInterval;

    @Option(
            names = "--event-sample-rate",
            defaultValue = "1.0",
            description =
                    "Share of inferences published as CloudEvents, 0..1 (default"
                            + " ${DEFAULT-VALUE}).")
    double sampleRate;

    @Override
    public Integer call() throws InterruptedException {
        ServingConfig config;
        try {
            config =
                    ServingConfig.defaults(
                                    source.repository == null ? Path.of(".") : source.repository)
                            .withHost(host)
                            .withHttpPort(httpPort)
                            .withGrpcPort(grpcPort)
                            .withModelControl(ModelControl.parse(modelControl), startupModels)
                            .withPollInterval(
                                    Durations.parse(pollInterval)
                                            .orElseThrow(
                                                    () ->
                                                            new IllegalArgumentException(
                                                                    "--poll-interval '"
                                                                            + pollInterval
                                                                            + "' is not a duration"
                                                                            + " (e.g. 500ms, 5s,"
                                                                            + " 1m)")))
                            .withEvents(sampleRate, 10_000, "default");
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        if (source.repository != null && !Files.isDirectory(source.repository)) {
            throw new UserInputException(
                    "model repository " + source.repository + " is not a directory");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(global);
                InProcessEventBus bus = new InProcessEventBus(10_000)) {
            FerryServer.Builder builder = FerryServer.builder(config).eventBus(bus);
            if (source.deployments) {
                builder.deployments(ws.registry(), ws.artifacts(), ws.config().models());
                String token = System.getenv(ADMIN_TOKEN_ENV);
                if (token != null && !token.isBlank()) {
                    builder.adminToken(token);
                }
            }
            if (source.models != null) {
                List<ModelRef> refs = new ArrayList<>();
                for (String m : source.models) {
                    try {
                        refs.add(ModelRef.parse(m));
                    } catch (IllegalArgumentException e) {
                        throw new UserInputException(e.getMessage());
                    }
                }
                refs.forEach(ref -> ws.registry().require(ref));
                builder.repository(
                        new RegistryRepository(
                                ws.registry(), ws.artifacts(), ws.config().models(), refs));
            }
            FerryServer server;
            try {
                server = builder.build().start();
            } catch (FerryException e) {
                throw new UnavailableException("the server could not start: " + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "ferry-serve-shutdown"));
            out.println(listening(host, server.httpPort(), server.port("grpc")));
            if (source.deployments) {
                out.printf(
                        "deployments: admin API at http://%s:%d/ferry/v1 (%s)%n",
                        host,
                        server.httpPort(),
                        System.getenv(ADMIN_TOKEN_ENV) == null
                                ? "no token: set " + ADMIN_TOKEN_ENV + " to require one"
                                : "bearer token from " + ADMIN_TOKEN_ENV);
            }
            out.flush();
            server.awaitShutdown();
            return ExitCode.OK;
        }
    }

    /** The line saying where the server listens; a negative or missing gRPC port means off. */
    static String listening(String host, int httpPort, Optional<Integer> grpcPort) {
        String grpc =
                grpcPort.filter(p -> p >= 0)
                        .map(p -> " and " + host + ":" + p + " (gRPC)")
                        .orElse("; gRPC off (--grpc-port -1)");
        return "serving on http://"
                + host
                + ":"
                + httpPort
                + " (REST)"
                + grpc
                + "; metrics at /metrics; Ctrl-C stops";
    }
}
