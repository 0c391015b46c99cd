package dev.ferry.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir Path project;

    @Test
    void defaultsEverythingUnderDotFerryInTheProject() {
        FerryConfig config = new ConfigLoader(project, Map.of()).load(ConfigOverrides.none());

        assertThat(config.home()).isEqualTo(project.resolve(".ferry"));
        assertThat(config.databaseUrl())
                .isEqualTo("jdbc:sqlite:" + project.resolve(".ferry/ferry.db"));
        assertThat(config.artifacts()).isEqualTo(project.resolve(".ferry/artifacts"));
        assertThat(config.logs()).isEqualTo(project.resolve(".ferry/logs"));
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFile() throws IOException {
        Files.writeString(
                project.resolve("ferry.yaml"),
                "home: from-file\n"
                        + "database: jdbc:postgresql://db/file\n"
                        + "artifacts: file-artifacts\n");
        Map<String, String> env =
                Map.of("FERRY_HOME", "from-env", "FERRY_DB", "jdbc:sqlite:env.db");
        ConfigLoader loader = new ConfigLoader(project, env);

        FerryConfig fromEnv = loader.load(ConfigOverrides.none());
        FerryConfig fromFlags =
                loader.load(
                        new ConfigOverrides(
                                Optional.of(Path.of("from-flag")),
                                Optional.empty(),
                                Optional.empty()));

        assertThat(fromEnv.home()).isEqualTo(project.resolve("from-env"));
        assertThat(fromEnv.databaseUrl()).isEqualTo("jdbc:sqlite:env.db");
        assertThat(fromEnv.artifacts()).isEqualTo(project.resolve("file-artifacts"));
        assertThat(fromFlags.home()).isEqualTo(project.resolve("from-flag"));
    }

    @Test
    void anUnknownSettingNamesTheFileLineAndTheKnownSettings() throws IOException {
        Files.writeString(project.resolve("ferry.yaml"), "home: x\ndatabse: jdbc:sqlite:a\n");

        assertThatThrownBy(() -> new ConfigLoader(project, Map.of()).load(ConfigOverrides.none()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ferry.yaml:2:")
                .hasMessageContaining("unknown setting 'databse'")
                .hasMessageContaining("known: home, database, artifacts");
    }

    @Test
    void aDatabaseThatIsNotAJdbcUrlIsRefused() {
        Map<String, String> env = Map.of("FERRY_DB", "postgres://localhost/x");

        assertThatThrownBy(() -> new ConfigLoader(project, env).load(ConfigOverrides.none()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not a JDBC URL");
    }

    @Test
    void theGitOpsRemoteComesFromTheEnvironmentOrTheFileSection() throws IOException {
        Files.writeString(
                project.resolve("ferry.yaml"),
                "gitops:\n"
                        + "  remote: https://git.example.com/ops/deployments.git\n"
                        + "  credentials: secrets/git-token.sealed.yaml\n");

        GitOpsSettings fromFile =
                new ConfigLoader(project, Map.of()).load(ConfigOverrides.none()).gitops();
        GitOpsSettings fromEnv =
                new ConfigLoader(project, Map.of("FERRY_GITOPS_REMOTE", "file:///srv/ops.git"))
                        .load(ConfigOverrides.none())
                        .gitops();

        assertThat(fromFile.remote()).contains("https://git.example.com/ops/deployments.git");
        assertThat(fromFile.credentials())
                .contains(project.resolve("secrets/git-token.sealed.yaml"));
        assertThat(fromEnv.remote()).contains("file:///srv/ops.git");
        assertThat(
                        new ConfigLoader(project.resolve("none"), Map.of())
                                .load(ConfigOverrides.none())
                                .gitops())
                .isEqualTo(GitOpsSettings.none());
    }

    @Test
    void anUnknownGitOpsSettingNamesItsLine() throws IOException {
        Files.writeString(project.resolve("ferry.yaml"), "home: x\ngitops:\n  remtoe: a\n");

        assertThatThrownBy(() -> new ConfigLoader(project, Map.of()).load(ConfigOverrides.none()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ferry.yaml:3:")
                .hasMessageContaining("unknown setting 'gitops.remtoe'");
    }
}
