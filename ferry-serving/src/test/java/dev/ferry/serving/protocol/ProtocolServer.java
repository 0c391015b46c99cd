package dev.ferry.serving.protocol;

import dev.ferry.client.InferenceClient;
import dev.ferry.client.grpc.GrpcInferenceClient;
import dev.ferry.client.rest.RestInferenceClient;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ModelControl;
import dev.ferry.serving.server.ServingFixture;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real server for the protocol suites: REST and gRPC on free loopback ports, explicit model
 * control with {@code simple} loaded and {@code idle} (the same model) in the repository but not
 * loaded.
 */
final class ProtocolServer implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    final FerryServer server;

    private ProtocolServer(FerryServer server) {
        this.server = server;
    }

    static ProtocolServer start(Path repository) throws IOException {
        ServingFixture.copySimple(repository, "simple");
        ServingFixture.copySimple(repository, "idle");
        FerryServer server =
                FerryServer.builder(
                                ServingFixture.config(repository)
                                        .withGrpcPort(0)
                                        .withModelControl(ModelControl.EXPLICIT, List.of("simple")))
                        .build()
                        .start();
        return new ProtocolServer(server);
    }

    int httpPort() {
        return server.httpPort();
    }

    int grpcPort() {
        return server.port("grpc")
                .orElseThrow(() -> new IllegalStateException("the gRPC endpoint did not start"));
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + httpPort());
    }

    /** A client speaking {@code mode}. */
    InferenceClient client(ClientMode mode) {
        return switch (mode) {
            case REST_JSON ->
                    new RestInferenceClient(base(), RestInferenceClient.Encoding.JSON, TIMEOUT);
            case REST_BINARY ->
                    new RestInferenceClient(base(), RestInferenceClient.Encoding.BINARY, TIMEOUT);
            case GRPC_TYPED ->
                    new GrpcInferenceClient(
                            "127.0.0.1", grpcPort(), GrpcInferenceClient.Contents.TYPED, TIMEOUT);
            case GRPC_RAW ->
                    new GrpcInferenceClient(
                            "127.0.0.1", grpcPort(), GrpcInferenceClient.Contents.RAW, TIMEOUT);
        };
    }

    @Override
    public void close() {
        server.close();
    }

    /** The four ways the typed client can talk to the server. */
    enum ClientMode {
        REST_JSON,
        REST_BINARY,
        GRPC_TYPED,
        GRPC_RAW
    }
}
