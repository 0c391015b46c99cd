package dev.ferry.serving.grpc;

import dev.ferry.api.FerryException;
import dev.ferry.serving.inference.InferenceService;
import dev.ferry.serving.server.ServingConfig;
import dev.ferry.serving.server.ServingEndpoint;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
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
    private EventLoopGroup boss;
    private EventLoopGroup workers;

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
        boolean epoll = Epoll.isAvailable();
        boss = eventLoops(1, "ferry-grpc-accept", epoll);
        workers = eventLoops(eventLoopCount(config), "ferry-grpc", epoll);
        Class<? extends ServerChannel> channel =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        int maxMessage = (int) Math.min(Integer.MAX_VALUE, config.maxRequestBytes());
        server =
                NettyServerBuilder.forAddress(
                                new InetSocketAddress(config.host(), config.grpcPort()))
                        .bossEventLoopGroup(boss)
                        .workerEventLoopGroup(workers)
                        .channelType(channel)
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
            closeThreads();
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
            closeThreads();
        }
    }

    /**
     * The configured number of event loops, else half the processors (at least one): the loops only
     * move bytes and frames, the calls themselves run on virtual threads. grpc-java's default of
     * twice the processors cost ~80 against ~50 µs of server CPU per call on 2 cores ({@code
     * simple} at 64 connections, interleaved windows): more loops than cores wake each other and
     * the carriers for every few frames instead of handling them in batches.
     */
    static int eventLoopCount(ServingConfig config) {
        return config.grpcEventLoops() > 0
                ? config.grpcEventLoops()
                : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    private static EventLoopGroup eventLoops(int threads, String name, boolean epoll) {
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), io);
    }

    private void closeThreads() {
        executor.close();
        // the server has stopped: nothing is left for the loops to finish
        boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
