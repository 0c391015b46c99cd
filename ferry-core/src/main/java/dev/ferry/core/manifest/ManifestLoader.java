package dev.ferry.core.manifest;

import dev.ferry.api.pipeline.Manifest;
import dev.ferry.api.pipeline.ManifestException;
import dev.ferry.api.pipeline.ObjectMeta;
import dev.ferry.api.pipeline.Pipeline;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.api.pipeline.SourceLocation;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads YAML manifests with the Kubernetes envelope ({@code apiVersion: ferry.dev/v1}, {@code
 * kind}, {@code metadata}, {@code spec}), checks each document against its kind's JSON Schema and
 * builds the kind's record. Reports every problem of a file, each with line and column.
 */
public final class ManifestLoader {
    private final ManifestKinds kinds;
    private final Map<String, SchemaCheck> schemas = new ConcurrentHashMap<>();

    public ManifestLoader(ManifestKinds kinds) {
        this.kinds = kinds;
    }

    /** A loader for every kind found on the class path. */
    public static ManifestLoader standard() {
        return new ManifestLoader(ManifestKinds.discover());
    }

    /**
     * What reading a file gave: every problem found, and the manifests read (when there are
     * problems, possibly partial ones, kept so that later checks can report theirs too).
     */
    public record Result(List<Manifest> manifests, List<Problem> problems) {
        public Result {
            manifests = List.copyOf(manifests);
            problems = List.copyOf(problems);
        }

        /** The manifests, or a {@link ManifestException} listing every problem. */
        public List<Manifest> orThrow() {
            if (!problems.isEmpty()) {
                throw new ManifestException(problems);
            }
            return manifests;
        }
    }

    /** Reads {@code file}; never throws for bad input, problems are in the result. */
    public Result read(Path file) {
        String name = file.toString();
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .decode(java.nio.ByteBuffer.wrap(bytes))
                            .toString();
            return read(name, text);
        } catch (NoSuchFileException e) {
            return failed(name, "no such file");
        } catch (CharacterCodingException e) {
            return failed(name, "not UTF-8 text");
        } catch (IOException e) {
            return failed(name, "cannot read the file: " + e.getMessage());
        }
    }

    /** Reads manifests from {@code text}, naming {@code file} in locations. */
    public Result read(String file, String text) {
        List<Problem> problems = new ArrayList<>();
        List<Manifest> manifests = new ArrayList<>();
        List<YamlNode> documents = new YamlReader(file, problems).read(text);
        if (documents.isEmpty() && problems.isEmpty()) {
            problems.add(
                    new Problem(
                            new SourceLocation(file, 1, 1),
                            "empty file: expected a manifest starting with apiVersion:"
                                    + " ferry.dev/v1"));
        }
        for (YamlNode document : documents) {
            document(document, problems).ifPresent(manifests::add);
        }
        problems.sort(
                Comparator.comparingInt((Problem p) -> p.at().line())
                        .thenComparingInt(p -> p.at().column()));
        return new Result(manifests, problems);
    }

    /**
     * Loads every manifest in {@code file}.
     *
     * @throws ManifestException with every problem of the file
     */
    public List<Manifest> load(Path file) {
        return read(file).orThrow();
    }

    /**
     * Loads a file that holds exactly one {@code kind: Pipeline}.
     *
     * @throws ManifestException with every problem of the file, or when it holds no pipeline
     */
    public Pipeline loadPipeline(Path file) {
        return onePipeline(file.toString(), load(file));
    }

    /**
     * Loads the one {@code kind: Pipeline} in manifest text, without touching the file system.
     *
     * @param file the name to use in locations
     * @throws ManifestException with every problem of the text, or when it holds no pipeline
     */
    public Pipeline loadPipeline(String file, String text) {
        return onePipeline(file, read(file, text).orThrow());
    }

    private static Pipeline onePipeline(String file, List<Manifest> manifests) {
        List<Pipeline> pipelines =
                manifests.stream()
                        .filter(m -> m instanceof Pipeline)
                        .map(m -> (Pipeline) m)
                        .toList();
        if (pipelines.size() != 1) {
            throw new ManifestException(
                    new SourceLocation(file, 1, 1),
                    "expected exactly one document of kind: Pipeline, found " + pipelines.size());
        }
        return pipelines.getFirst();
    }

    private Optional<Manifest> document(YamlNode document, List<Problem> problems) {
        if (!(document instanceof YamlNode.Mapping root)) {
            problems.add(
                    new Problem(
                            document.at(),
                            "expected a manifest (a map with apiVersion, kind, metadata and spec),"
                                    + " got "
                                    + document.describe()));
            return Optional.empty();
        }
        Optional<String> apiVersion = scalar(root, "apiVersion");
        if (apiVersion.isEmpty() || !apiVersion.get().equals(Manifest.API_VERSION)) {
            problems.add(
                    new Problem(
                            root.get("apiVersion").map(YamlNode::at).orElse(root.at()),
                            apiVersion
                                    .map(
                                            v ->
                                                    "unsupported apiVersion '"
                                                            + v
                                                            + "': expected "
                                                            + Manifest.API_VERSION)
                                    .orElse(
                                            "missing required field 'apiVersion': expected"
                                                    + " apiVersion: "
                                                    + Manifest.API_VERSION)));
            return Optional.empty();
        }
        Optional<String> kindName = scalar(root, "kind");
        Optional<ManifestKind> kind = kindName.flatMap(kinds::find);
        if (kind.isEmpty()) {
            problems.add(
                    new Problem(
                            root.get("kind").map(YamlNode::at).orElse(root.at()),
                            kindName.map(
                                                    k ->
                                                            "unknown kind '"
                                                                    + k
                                                                    + "'"
                                                                    + ClosestName.hint(
                                                                            k, kinds.names()))
                                            .orElse("missing required field 'kind'")
                                    + "; expected one of: "
                                    + String.join(", ", kinds.names())));
            return Optional.empty();
        }
        List<Problem> schemaProblems = schema(kind.get()).check(root);
        problems.addAll(schemaProblems);
        Optional<YamlNode.Mapping> meta = mapping(root, "metadata");
        Optional<YamlNode.Mapping> spec = mapping(root, "spec");
        if (meta.isEmpty() || spec.isEmpty()) {
            return Optional.empty();
        }
        ObjectMeta metadata =
                new ObjectMeta(
                        scalar(meta.get(), "name").orElse(""),
                        meta.get().get("labels").map(StepReader::strings).orElse(Map.of()),
                        meta.get().get("annotations").map(StepReader::strings).orElse(Map.of()));
        List<Problem> found = new ArrayList<>();
        Manifest manifest;
        try {
            manifest = kind.get().parse(spec.get(), metadata, root.at(), found);
        } catch (RuntimeException e) {
            if (schemaProblems.isEmpty()) {
                throw e;
            }
            return Optional.empty();
        }
        // The schema already explained a place: a kind's own message there would repeat it.
        Set<SourceLocation> explained = new HashSet<>();
        schemaProblems.forEach(p -> explained.add(p.at()));
        found.stream().filter(p -> !explained.contains(p.at())).forEach(problems::add);
        return Optional.of(manifest);
    }

    private static Optional<YamlNode.Mapping> mapping(YamlNode.Mapping map, String key) {
        return map.get(key)
                .filter(n -> n instanceof YamlNode.Mapping)
                .map(n -> (YamlNode.Mapping) n);
    }

    private SchemaCheck schema(ManifestKind kind) {
        return schemas.computeIfAbsent(
                kind.kind(),
                k -> SchemaCheck.load(kind.getClass().getClassLoader(), kind.schemaResource()));
    }

    private static Optional<String> scalar(YamlNode.Mapping map, String key) {
        return map.get(key)
                .filter(n -> n instanceof YamlNode.Scalar)
                .map(n -> ((YamlNode.Scalar) n).text());
    }

    private static Result failed(String file, String message) {
        return new Result(List.of(), List.of(new Problem(SourceLocation.unknown(file), message)));
    }
}
