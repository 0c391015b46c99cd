package dev.ferry.serving.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.grpc.GrpcInferenceClient;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ServingConfig;
import dev.ferry.serving.server.ServingFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gRPC endpoint's own threads: as many event loops as configured, all gone after a stop. */
class GrpcEndpointIT {
    @TempDir Path repository;

    @Test
    void servesOnTheConfiguredEventLoopsAndEndsThemWhenTheServerStops() throws Exception {
        ServingFixture.copySimple(repository, "simple");
        ServingConfig config =
                ServingFixture.config(repository).withGrpcPort(0).withGrpcEventLoops(3);
        FerryServer server = FerryServer.builder(config).build().start();
        try {
            int port = server.port("grpc").orElseThrow();
            // each connection is served by the next loop: three clients start all three
            for (int i = 0; i < 4; i++) {
                try (GrpcInferenceClient client =
                        new GrpcInferenceClient(
                                "127.0.0.1",
                                port,
                                GrpcInferenceClient.Contents.RAW,
                                Duration.ofSeconds(10))) {
                    assertThat(client.live()).isTrue();
                }
            }
            assertThat(grpcThreads())
                    .filteredOn(n -> !n.startsWith("ferry-grpc-accept"))
                    .hasSize(3);
        } finally {
            server.close();
        }
        assertThat(grpcThreads()).isEmpty();
    }

    @Test
    void usesHalfTheProcessorsUnlessConfigured() {
        ServingConfig defaults = ServingConfig.defaults(repository);
        int processors = Runtime.getRuntime().availableProcessors();
        assertThat(GrpcEndpoint.eventLoopCount(defaults)).isEqualTo(Math.max(1, processors / 2));
        assertThat(GrpcEndpoint.eventLoopCount(defaults.withGrpcEventLoops(5))).isEqualTo(5);
    }

    private static List<String> grpcThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("ferry-grpc"))
                .toList();
    }
}
