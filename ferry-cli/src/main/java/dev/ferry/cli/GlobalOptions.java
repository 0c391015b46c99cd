package dev.ferry.cli;

import dev.ferry.core.config.ConfigLoader;
import dev.ferry.core.config.ConfigOverrides;
import dev.ferry.core.config.FerryConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every command accepts: where Ferry's state lives and which database it uses. */
final class GlobalOptions {
    @Option(
            names = "--home",
            paramLabel = "DIR",
            description = "Ferry's state directory (env FERRY_HOME, default ./.ferry).")
    Path home;

    @Option(
            names = "--db",
            paramLabel = "JDBC_URL",
            description =
                    "Metadata database, e.g. jdbc:postgresql://127.0.0.1:5432/ferry?user=ferry"
                            + " (env FERRY_DB, default SQLite in the home directory).")
    String database;

    @Option(
            names = "--artifacts",
            paramLabel = "DIR",
            description = "Artifact store root (env FERRY_ARTIFACTS, default HOME/artifacts).")
    Path artifacts;

    /** Resolves flags, environment and ferry.yaml of the current directory. */
    FerryConfig config() {
        return new ConfigLoader(Path.of("").toAbsolutePath(), System.getenv())
                .load(
                        new ConfigOverrides(
                                Optional.ofNullable(home),
                                Optional.ofNullable(database),
                                Optional.ofNullable(artifacts)));
    }
}
