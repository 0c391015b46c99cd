package dev.ferry.core.config;

import java.nio.file.Path;

/**
 * Where Ferry keeps its state and which backends it talks to. Resolved by {@link ConfigLoader} from
 * flags, {@code FERRY_*} environment variables and {@code ferry.yaml}, in that order.
 *
 * @param home the state directory ({@code FERRY_HOME}, default {@code ./.ferry})
 * @param databaseUrl JDBC URL of the metadata store (default: SQLite file {@code home/ferry.db})
 * @param artifacts root of the artifact store (default {@code home/artifacts})
 * @param gitops the desired-state repository's remote and its credentials
 */
public record FerryConfig(Path home, String databaseUrl, Path artifacts, GitOpsSettings gitops) {

    /** A configuration without GitOps settings. */
    public FerryConfig(Path home, String databaseUrl, Path artifacts) {
        this(home, databaseUrl, artifacts, GitOpsSettings.none());
    }

    /** Step logs: {@code home/logs}. */
    public Path logs() {
        return home.resolve("logs");
    }

    /** Working directories and checkpoints of steps: {@code home/work}. */
    public Path work() {
        return home.resolve("work");
    }

    /** The server's model repository cache: {@code home/models}. */
    public Path models() {
        return home.resolve("models");
    }

    /** The embedded default database for a home directory. */
    public static String sqliteUrl(Path home) {
        return "jdbc:sqlite:" + home.resolve("ferry.db").toAbsolutePath().normalize();
    }
}
