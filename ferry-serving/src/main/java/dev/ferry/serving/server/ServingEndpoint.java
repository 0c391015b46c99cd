package dev.ferry.serving.server;

import dev.ferry.serving.inference.InferenceService;

/**
 * A protocol endpoint that shares the server's lifecycle (gRPC is one). Endpoints are passed to
 * {@link FerryServer.Builder#endpoint} or found with {@link java.util.ServiceLoader}; the server
 * starts them after the models are loaded and stops them in reverse order.
 */
public interface ServingEndpoint {

    /** A short name for logs and {@link FerryServer#port(String)}, e.g. {@code grpc}. */
    String name();

    /** Starts serving {@code service}; reads its own settings (such as its port) from config. */
    void start(InferenceService service, ServingConfig config);

    /** The port bound once started, or -1 when disabled by configuration. */
    int port();

    /** Stops serving and frees its resources. */
    void stop();
}
