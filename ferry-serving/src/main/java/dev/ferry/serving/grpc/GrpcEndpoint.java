package dev.ferry.serving.grpc;

import dev.ferry.api.FerryException;
import dev.ferry.serving.inference.InferenceService;
import dev.ferry.serving.server.ServingConfig;
import dev.ferry.serving.server.ServingEndpoint;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Serves the V2 gRPC protocol on {@code ServingConfig.grpcPort()} (-1 disables it, 0 picks a free
 * port), on the same host as REST and for the same inference core.
 */
public final class GrpcEndpoint implements ServingEndpoint {
    private Server server;
    private ExecutorService executor;

    @Override
    public String name() {
        return "grpc";
    }

    @Override
    public void start(InferenceService service, ServingConfig config) {
        if (config.grpcPort() < 0) {
            return;
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
        int maxMessage = (int) Math.min(Integer.MAX_VALUE, config.maxRequestBytes());
        server =
                NettyServerBuilder.forAddress(
                                new InetSocketAddress(config.host(), config.grpcPort()))
                        // Transport callbacks stay on Netty's threads; each call's work runs on
                        // one virtual thread (see GrpcInferenceService).
                        .directExecutor()
                        .maxInboundMessageSize(maxMessage)
                        .addService(
                                new GrpcInferenceService(service, config.maxElements(), executor))
                        .build();
        try {
            server.start();
        } catch (IOException e) {
            executor.close();
            throw new FerryException(
                    "cannot serve gRPC on %s:%d (is the port in use? pick another with --grpc-port)"
                            .formatted(config.host(), config.grpcPort()),
                    e);
        }
    }

    @Override
    public int port() {
        return server == null ? -1 : server.getPort();
    }

    @Override
    public void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            executor.close();
        }
    }
}
