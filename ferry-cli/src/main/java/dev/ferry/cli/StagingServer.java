package dev.ferry.cli;

import dev.ferry.api.deployment.ServingTarget;
import dev.ferry.client.InferRequest;
import dev.ferry.client.InferenceClient;
import dev.ferry.client.ModelTarget;
import dev.ferry.client.deployment.HttpServingTarget;
import dev.ferry.client.rest.RestInferenceClient;
import dev.ferry.gitops.staging.StagingGate;
import dev.ferry.gitops.staging.StagingProbe;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ServingConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The staging server the gate deploys to: a Ferry inference server started in this process on a
 * free port ({@code --gate in-process}), or a running one named by URL. Either way the checks talk
 * to it over HTTP with Ferry's V2 client, as callers will.
 */
final class StagingServer implements AutoCloseable {
    static final Duration LOAD_TIMEOUT = Duration.ofMinutes(2);

    private final Optional<FerryServer> server;
    private final ServingTarget target;
    private final InferenceClient client;

    private StagingServer(
            Optional<FerryServer> server, ServingTarget target, InferenceClient client) {
        this.server = server;
        this.target = target;
        this.client = client;
    }

    /** {@code in-process}, or the base URL of a running Ferry server. */
    static StagingServer open(Workspace ws, String gate) {
        if (gate.equals("in-process")) {
            ServingConfig config =
                    ServingConfig.defaults(ws.config().home().resolve("staging/models"))
                            .withHost("127.0.0.1")
                            .withHttpPort(0)
                            .withGrpcPort(-1);
            FerryServer server =
                    FerryServer.builder(config)
                            .deployments(
                                    ws.registry(),
                                    ws.artifacts(),
                                    ws.config().home().resolve("staging/cache"))
                            .build()
                            .start();
            URI base = URI.create("http://127.0.0.1:" + server.httpPort());
            return new StagingServer(
                    Optional.of(server),
                    server.servingTarget().orElseThrow(),
                    RestInferenceClient.json(base));
        }
        if (!gate.startsWith("http://") && !gate.startsWith("https://")) {
            throw new UserInputException(
                    "--gate '" + gate + "': expected none, in-process or http(s)://HOST:PORT");
        }
        URI base = URI.create(gate);
        return new StagingServer(
                Optional.empty(),
                new HttpServingTarget(
                        base,
                        Optional.ofNullable(System.getenv(ServeCommand.ADMIN_TOKEN_ENV)),
                        Duration.ofSeconds(30)),
                RestInferenceClient.json(base));
    }

    StagingGate gate(Workspace ws, dev.ferry.gitops.repository.DesiredStateRepository repo) {
        StagingProbe probe =
                (deployment, inputs) ->
                        client.infer(InferRequest.of(ModelTarget.of(deployment), inputs)).outputs();
        return new StagingGate(target, ws.registry(), probe, repo, LOAD_TIMEOUT, ws.clock());
    }

    @Override
    public void close() {
        client.close();
        server.ifPresent(FerryServer::close);
    }
}
