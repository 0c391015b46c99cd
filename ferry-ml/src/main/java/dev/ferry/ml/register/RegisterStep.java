package dev.ferry.ml.register;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.artifact.ArtifactStore;
import dev.ferry.api.artifact.Digest;
import dev.ferry.api.metadata.MetadataStore;
import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.model.ModelArtifact;
import dev.ferry.api.model.ModelLineage;
import dev.ferry.api.model.ModelRef;
import dev.ferry.api.model.ModelRegistration;
import dev.ferry.api.model.ModelRegistry;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.ModelVersion;
import dev.ferry.api.step.Step;
import dev.ferry.api.step.StepContext;
import dev.ferry.api.step.StepException;
import dev.ferry.api.step.StepSignature;
import dev.ferry.ml.export.ModelMetadata;
import dev.ferry.ml.export.OnnxSignatures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code ferry/register}: records a model file as the next version of a registered model, with the
 * signature read from the model, the metrics of its evaluation, the profile of its training data
 * and its lineage; optionally points an alias at it, and {@code champion} too when the model has
 * none yet ({@code champion: if-absent}). Everything is checked before the registry is touched, so
 * a failure leaves the registry as it was.
 */
public final class RegisterStep implements Step {

    @Override
    public String name() {
        return "ferry/register";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public StepSignature signature() {
        return new StepSignature(
                Set.of("model", "from"),
                Set.of(
                        "alias",
                        "champion",
                        "evaluation",
                        "profile",
                        "train",
                        "eval",
                        "code_version",
                        "description"),
                Set.of());
    }

    @Override
    public void execute(StepContext context) throws IOException {
        String name = context.string("model");
        Optional<String> alias = context.optional("alias").map(String::valueOf);
        boolean championIfAbsent =
                context.optional("champion")
                        .map(String::valueOf)
                        .map(
                                v -> {
                                    if (!v.equals("if-absent")) {
                                        throw new StepException(
                                                "champion: '"
                                                        + v
                                                        + "' is not understood; write"
                                                        + " 'champion: if-absent' to make this"
                                                        + " version champion when there is none");
                                    }
                                    return true;
                                })
                        .orElse(false);
        try {
            new ModelRef(name, new ModelRef.Latest());
            alias.ifPresent(a -> checkAlias(name, a));
        } catch (IllegalArgumentException e) {
            throw new StepException("step '" + context.stepName() + "': " + e.getMessage());
        }
        Path file = dev.ferry.ml.train.ModelFiles.locateOnnx(context.path("from"));
        OnnxSignatures onnx = new OnnxSignatures();
        ModelProto proto = onnx.read(file);
        ModelSignature signature = onnx.signature(proto);
        ModelMetadata metadata = ModelMetadata.fromProperties(onnx.metadata(proto));
        Map<String, Double> metrics =
                context.optional("evaluation").isPresent()
                        ? bestMetrics(context.path("evaluation"))
                        : Map.of();

        ModelRegistry registry = service(context, ModelRegistry.class, "the model registry");
        ArtifactStore store = service(context, ArtifactStore.class, "the artifact store");
        Digest model = store.put(file).digest();
        Optional<Digest> profile =
                context.optional("profile").map(p -> store.put(context.path("profile")).digest());
        Map<String, Digest> data = new TreeMap<>();
        for (String role : new String[] {"train", "eval"}) {
            if (context.optional(role).isPresent()) {
                data.put(role, store.put(context.path(role)).digest());
            }
        }
        Map<String, Object> parameters = new TreeMap<>(metadata.parameters());
        if (!metadata.trainer().isEmpty()) {
            parameters.put("trainer", metadata.trainer());
        }
        ModelVersion version =
                registry.register(
                        new ModelRegistration(
                                name,
                                java.util.List.of(
                                        new ModelArtifact("model", model, ModelArtifact.ONNX)),
                                signature,
                                metrics,
                                profile,
                                new ModelLineage(
                                        context.runId(),
                                        context.stepName(),
                                        data,
                                        parameters,
                                        codeVersion(context)),
                                context.optional("description").map(String::valueOf).orElse("")));
        alias.ifPresent(a -> registry.setAlias(name, a, version.version()));
        boolean champion =
                championIfAbsent && registry.setAliasIfAbsent(name, "champion", version.version());
        context.value("version", version.version());
        context.value("ref", version.ref().toString());
        context.value("champion", champion);
        context.log(
                "registered "
                        + version.ref()
                        + " ("
                        + model.shortHex()
                        + ")"
                        + alias.map(a -> ", alias " + a).orElse("")
                        + (champion ? ", now champion" : ""));
    }

    private static void checkAlias(String model, String alias) {
        if (!(ModelRef.parse(model + "@" + alias).selector() instanceof ModelRef.Alias)) {
            throw new IllegalArgumentException(
                    "alias '" + alias + "' is reserved or a number; start an alias with a letter");
        }
    }

    private static <T> T service(StepContext context, Class<T> type, String what) {
        return context.service(type)
                .orElseThrow(
                        () ->
                                new StepException(
                                        "step '"
                                                + context.stepName()
                                                + "' needs "
                                                + what
                                                + ", which this engine does not offer"));
    }

    /** The metrics of the selected candidate in an evaluation verdict. */
    private static Map<String, Double> bestMetrics(Path verdict) {
        try {
            JsonNode root = new ObjectMapper().readTree(verdict.toFile());
            int best = root.path("best").asInt(-1);
            JsonNode metrics = root.path("candidates").path(best).path("metrics");
            if (best < 0 || !metrics.isObject()) {
                throw new StepException(
                        "evaluation: "
                                + verdict
                                + " is not a verdict of ferry/evaluate (no"
                                + " selected candidate with metrics)");
            }
            Map<String, Double> out = new LinkedHashMap<>();
            metrics.properties().forEach(e -> out.put(e.getKey(), e.getValue().asDouble()));
            return out;
        } catch (IOException e) {
            throw new StepException(
                    "evaluation: cannot read " + verdict + ": " + e.getMessage(), e);
        }
    }

    /** The explicit {@code code_version} input, else the code version recorded for the run. */
    private static Optional<String> codeVersion(StepContext context) {
        return context.optional("code_version")
                .map(String::valueOf)
                .or(
                        () ->
                                context.service(MetadataStore.class)
                                        .flatMap(m -> m.findRun(context.runId()))
                                        .flatMap(RunRecord::codeVersion));
    }
}
