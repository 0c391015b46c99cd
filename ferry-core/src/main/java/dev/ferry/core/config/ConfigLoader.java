package dev.ferry.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves {@link FerryConfig}: command-line overrides first, then {@code FERRY_HOME}, {@code
 * FERRY_DB}, {@code FERRY_ARTIFACTS}, {@code FERRY_GITOPS_REMOTE} and {@code
 * FERRY_GITOPS_CREDENTIALS}, then {@code ferry.yaml} in the project directory, then defaults
 * (everything under {@code ./.ferry}).
 */
public final class ConfigLoader {
    /** The project configuration file, looked up in the project directory. */
    public static final String FILE_NAME = "ferry.yaml";

    private static final Set<String> KNOWN = Set.of("home", "database", "artifacts", "gitops");
    private static final Set<String> KNOWN_GITOPS = Set.of("remote", "credentials");
    private final YAMLFactory yaml = new YAMLFactory();

    private final Path projectDir;
    private final Map<String, String> env;

    public ConfigLoader(Path projectDir, Map<String, String> env) {
        this.projectDir = projectDir;
        this.env = Map.copyOf(env);
    }

    /** Resolves the configuration; relative paths are taken from the project directory. */
    public FerryConfig load(ConfigOverrides overrides) {
        ConfigFile file = readFile().orElse(ConfigFile.EMPTY);
        Path home =
                overrides
                        .home()
                        .or(() -> envValue("FERRY_HOME").map(Path::of))
                        .or(() -> Optional.ofNullable(file.home()).map(Path::of))
                        .orElse(Path.of(".ferry"));
        home = projectDir.resolve(home).toAbsolutePath().normalize();
        String db =
                overrides
                        .databaseUrl()
                        .or(() -> envValue("FERRY_DB"))
                        .or(() -> Optional.ofNullable(file.database()))
                        .orElse(FerryConfig.sqliteUrl(home));
        if (!db.startsWith("jdbc:")) {
            throw new ConfigException(
                    "database '"
                            + db
                            + "' is not a JDBC URL: expected jdbc:sqlite:FILE or"
                            + " jdbc:postgresql://HOST:PORT/DB");
        }
        Path artifacts =
                overrides
                        .artifacts()
                        .or(() -> envValue("FERRY_ARTIFACTS").map(Path::of))
                        .or(() -> Optional.ofNullable(file.artifacts()).map(Path::of))
                        .map(p -> projectDir.resolve(p).toAbsolutePath().normalize())
                        .orElse(home.resolve("artifacts"));
        GitOpsSettings gitops =
                new GitOpsSettings(
                        envValue("FERRY_GITOPS_REMOTE")
                                .or(() -> Optional.ofNullable(file.values().get("gitops.remote"))),
                        envValue("FERRY_GITOPS_CREDENTIALS")
                                .or(
                                        () ->
                                                Optional.ofNullable(
                                                        file.values().get("gitops.credentials")))
                                .map(p -> projectDir.resolve(p).toAbsolutePath().normalize()));
        return new FerryConfig(home, db, artifacts, gitops);
    }

    private Optional<String> envValue(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    private Optional<ConfigFile> readFile() {
        Path path = projectDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        // Streamed rather than data-bound so that every error can point at its line.
        try (JsonParser parser = yaml.createParser(path.toFile())) {
            Map<String, String> values = new HashMap<>();
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Optional.empty();
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ConfigException(
                        where(path, parser)
                                + ": expected a mapping of settings (home, database, artifacts,"
                                + " gitops)");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                String at = where(path, parser);
                if (!KNOWN.contains(key)) {
                    throw new ConfigException(
                            at
                                    + ": unknown setting '"
                                    + key
                                    + "' (known: home, database, artifacts, gitops)");
                }
                JsonToken value = parser.nextToken();
                if (key.equals("gitops")) {
                    readGitOps(path, parser, value, values);
                    continue;
                }
                if (!value.isScalarValue()) {
                    throw new ConfigException(
                            at + ": setting '" + key + "' must be a single value");
                }
                values.put(key, parser.getValueAsString());
            }
            return Optional.of(new ConfigFile(values));
        } catch (JsonProcessingException e) {
            throw new ConfigException(where(path, e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** {@code gitops: {remote: URL, credentials: FILE}}, stored as {@code gitops.remote}... */
    private static void readGitOps(
            Path path, JsonParser parser, JsonToken first, Map<String, String> values)
            throws IOException {
        if (first != JsonToken.START_OBJECT) {
            throw new ConfigException(
                    where(path, parser)
                            + ": setting 'gitops' must be a mapping, e.g. gitops: {remote:"
                            + " https://git.example.com/ops/deployments.git}");
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            String at = where(path, parser);
            if (!KNOWN_GITOPS.contains(key)) {
                throw new ConfigException(
                        at
                                + ": unknown setting 'gitops."
                                + key
                                + "' (known: gitops.remote, gitops.credentials)");
            }
            if (!parser.nextToken().isScalarValue()) {
                throw new ConfigException(
                        at + ": setting 'gitops." + key + "' must be a single value");
            }
            values.put("gitops." + key, parser.getValueAsString());
        }
    }

    private static String where(Path path, JsonParser parser) {
        return where(path, parser.currentTokenLocation());
    }

    private static String where(Path path, JsonLocation location) {
        return location == null
                ? path.toString()
                : path + ":" + location.getLineNr() + ":" + location.getColumnNr();
    }

    /** The settings of {@code ferry.yaml}, nested ones as {@code section.key}. */
    record ConfigFile(Map<String, String> values) {
        static final ConfigFile EMPTY = new ConfigFile(Map.of());

        String home() {
            return values.get("home");
        }

        String database() {
            return values.get("database");
        }

        String artifacts() {
            return values.get("artifacts");
        }
    }
}
