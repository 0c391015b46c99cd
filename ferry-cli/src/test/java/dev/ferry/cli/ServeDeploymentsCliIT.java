package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.deployment.ActualState;
import dev.ferry.api.deployment.ServingTarget;
import dev.ferry.api.deployment.ServingTargetException;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.client.deployment.HttpServingTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry serve --deployments} as a user starts it, driven through its admin API. */
class ServeDeploymentsCliIT {
    @TempDir Path project;

    @Test
    void servesAnEmptyDeploymentServerThatOnlyTheTokenHolderCanDrive() throws Exception {
        FerryProcess ferry =
                new FerryProcess(
                        project,
                        Map.of(
                                "FERRY_HOME",
                                project.resolve(".ferry").toString(),
                                "FERRY_ADMIN_TOKEN",
                                "t0ken"));
        Process server =
                ferry.start(
                        "serve",
                        "--deployments",
                        "--host",
                        "127.0.0.1",
                        "--http-port",
                        "0",
                        "--grpc-port",
                        "0");
        try {
            Pattern listening = Pattern.compile("serving on http://[^:]+:(\\d+)");
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> listening.matcher(ferry.peek().out()).find() || !server.isAlive());
            Matcher m = listening.matcher(ferry.peek().out());
            assertThat(m.find()).as(ferry.peek().toString()).isTrue();
            assertThat(ferry.peek().out())
                    .contains("admin API at http://127.0.0.1:" + m.group(1) + "/ferry/v1")
                    .contains("bearer token from FERRY_ADMIN_TOKEN")
                    .doesNotContain("t0ken");
            URI base = URI.create("http://127.0.0.1:" + m.group(1));

            ServingTarget target =
                    new HttpServingTarget(base, Optional.of("t0ken"), Duration.ofSeconds(10));
            assertThat(target.actual()).isEqualTo(ActualState.empty());
            assertThatThrownBy(
                            () -> target.load(new VersionKey("mnist", 1), Duration.ofSeconds(10)))
                    .isInstanceOf(ServingTargetException.class)
                    .hasMessageContaining("HTTP 404")
                    .hasMessageContaining("no registered model version mnist@1");
            assertThatThrownBy(
                            () ->
                                    new HttpServingTarget(
                                                    base, Optional.empty(), Duration.ofSeconds(10))
                                            .actual())
                    .hasMessageContaining("HTTP 401");
        } finally {
            server.destroy();
            server.waitFor();
        }
    }
}
