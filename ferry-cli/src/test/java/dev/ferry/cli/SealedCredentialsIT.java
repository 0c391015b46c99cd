package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Git remote's token as a sealed secret, end to end through the packaged CLI: the token reaches
 * the server, and never stdout, stderr or any file Ferry writes.
 */
class SealedCredentialsIT {
    private static final String TOKEN = "ghp_" + "SealedEndToEndToken9f3K";

    @TempDir Path project;

    @Test
    void theSealedTokenIsSentToTheRemoteAndAppearsInNoOutputOrFile() throws IOException {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    String auth = exchange.getRequestHeaders().getFirst("Authorization");
                    if (auth != null) {
                        authorizations.add(auth);
                    }
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                    exchange.sendResponseHeaders(401, -1);
                    exchange.close();
                });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/ops.git";
            Files.writeString(
                    project.resolve("ferry.yaml"),
                    "gitops:\n  remote: "
                            + url
                            + "\n  credentials: secrets/git-token.sealed.yaml\n");
            Files.writeString(project.resolve("token.txt"), TOKEN + "\n");
            FerryProcess ferry =
                    new FerryProcess(project, Map.of("FERRY_GIT_USERNAME", "deployer"));
            Duration limit = Duration.ofMinutes(1);

            FerryProcess.Result keygen = ferry.run(limit, "secret", "keygen");
            FerryProcess.Result seal =
                    ferry.run(limit, "secret", "seal", "git-token", "--from-file", "token.txt");
            Files.delete(project.resolve("token.txt"));
            FerryProcess.Result init = ferry.run(limit, "gitops", "init");

            assertThat(keygen.exitCode()).as(keygen.toString()).isZero();
            assertThat(seal.exitCode()).as(seal.toString()).isZero();
            assertThat(init.exitCode()).as(init.toString()).isEqualTo(ExitCode.UNAVAILABLE);
            assertThat(init.err()).contains("refused the fetch").contains("not authorized");
            assertThat(authorizations)
                    .contains(
                            "Basic "
                                    + Base64.getEncoder()
                                            .encodeToString(
                                                    ("deployer:" + TOKEN)
                                                            .getBytes(StandardCharsets.UTF_8)));
            for (FerryProcess.Result r : List.of(keygen, seal, init)) {
                assertThat(r.out() + r.err()).doesNotContain(TOKEN);
            }
            try (Stream<Path> files = Files.walk(project)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
                            .as(file.toString())
                            .doesNotContain(TOKEN);
                }
            }
        } finally {
            server.stop(0);
        }
    }
}
