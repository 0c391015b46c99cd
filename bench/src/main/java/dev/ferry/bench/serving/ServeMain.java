package dev.ferry.bench.serving;

import dev.ferry.core.bus.InProcessEventBus;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ServingConfig;
import java.nio.file.Path;

/**
 * Runs a Ferry inference server for the benchmark as its own process: {@code ServeMain REPOSITORY
 * HTTP_PORT GRPC_PORT [EVENT_SAMPLE_RATE]}, on loopback, until killed. Configured as {@code ferry
 * serve} configures it: an in-process event bus with every inference published as events.
 */
public final class ServeMain {
    private ServeMain() {}

    /** Starts the server and waits. */
    public static void main(String[] args) throws InterruptedException {
        ServingConfig config =
                ServingConfig.defaults(Path.of(args[0]))
                        .withHost("127.0.0.1")
                        .withHttpPort(Integer.parseInt(args[1]))
                        .withGrpcPort(Integer.parseInt(args[2]))
                        .withEvents(
                                args.length > 3 ? Double.parseDouble(args[3]) : 1.0,
                                10_000,
                                "default");
        InProcessEventBus bus = new InProcessEventBus(10_000);
        FerryServer server = FerryServer.builder(config).eventBus(bus).build().start();
        System.out.println("ferry serving on " + server.httpPort());
        server.awaitShutdown();
    }
}
