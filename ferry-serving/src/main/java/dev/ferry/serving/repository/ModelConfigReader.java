package dev.ferry.serving.repository;

import dev.ferry.api.model.DataType;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.serving.ModelLoadException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a Triton {@code config.pbtxt} into a {@link ModelConfig}; errors name the field. */
public final class ModelConfigReader {
    private ModelConfigReader() {}

    /**
     * Parses configuration text for the model in directory {@code directoryName}; a {@code name} in
     * the file must match it.
     */
    public static ModelConfig read(String directoryName, String text) {
        TextProto p = TextProto.parse(text);
        String name = p.string("name").orElse(directoryName);
        if (!name.equals(directoryName)) {
            throw new ModelLoadException(
                    "config names the model '"
                            + name
                            + "' but its directory is '"
                            + directoryName
                            + "'");
        }
        Optional<String> runtime = p.string("backend").or(() -> p.string("platform"));
        int maxBatch = intField(p, "max_batch_size", 0);
        if (maxBatch < 0) {
            throw new ModelLoadException("max_batch_size must be >= 0, got " + maxBatch);
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (TextProto param : p.messages("parameters")) {
            String key =
                    param.string("key")
                            .orElseThrow(() -> new ModelLoadException("a parameter has no 'key'"));
            String value =
                    param.message("value")
                            .flatMap(v -> v.string("string_value"))
                            .orElseThrow(
                                    () ->
                                            new ModelLoadException(
                                                    "parameter '"
                                                            + key
                                                            + "' has no value.string_value"));
            params.put(key, value);
        }
        int instances = 0;
        for (TextProto group : p.messages("instance_group")) {
            instances += intField(group, "count", 1);
        }
        return new ModelConfig(
                name,
                runtime,
                maxBatch,
                tensors(p, "input"),
                tensors(p, "output"),
                versionPolicy(p),
                p.message("dynamic_batching").map(ModelConfigReader::batching),
                Math.max(1, instances),
                params,
                p.string("default_model_filename"));
    }

    private static List<TensorSpec> tensors(TextProto p, String field) {
        List<TensorSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (TextProto t : p.messages(field)) {
            String name =
                    t.string("name")
                            .orElseThrow(
                                    () -> new ModelLoadException("an " + field + " has no 'name'"));
            if (!names.add(name)) {
                throw new ModelLoadException(field + " '" + name + "' is declared twice");
            }
            String type =
                    t.string("data_type")
                            .orElseThrow(
                                    () ->
                                            new ModelLoadException(
                                                    field + " '" + name + "' has no data_type"));
            List<Long> dims = new ArrayList<>();
            for (String d : t.strings("dims")) {
                long dim = parseLong(field + " '" + name + "' dims", d);
                if (dim < -1) {
                    throw new ModelLoadException(
                            field
                                    + " '"
                                    + name
                                    + "' has dimension "
                                    + dim
                                    + "; use -1 for any size");
                }
                dims.add(dim);
            }
            out.add(new TensorSpec(name, dataType(field + " '" + name + "'", type), dims));
        }
        return out;
    }

    /** Maps a Triton {@code TYPE_*} name to a protocol datatype. */
    static DataType dataType(String where, String tritonType) {
        String bare = tritonType.startsWith("TYPE_") ? tritonType.substring(5) : tritonType;
        if (bare.equals("STRING")) {
            return DataType.BYTES;
        }
        return DataType.fromProtocolName(bare)
                .orElseThrow(
                        () ->
                                new ModelLoadException(
                                        where + " has unknown data_type " + tritonType));
    }

    private static VersionPolicy versionPolicy(TextProto p) {
        Optional<TextProto> policy = p.message("version_policy");
        if (policy.isEmpty()) {
            return new VersionPolicy.Latest(1);
        }
        TextProto v = policy.get();
        if (v.message("all").isPresent()) {
            return new VersionPolicy.All();
        }
        Optional<TextProto> specific = v.message("specific");
        if (specific.isPresent()) {
            Set<Long> versions = new HashSet<>();
            for (String s : specific.get().strings("versions")) {
                versions.add(parseLong("version_policy.specific.versions", s));
            }
            return new VersionPolicy.Specific(versions);
        }
        int n = v.message("latest").map(l -> intField(l, "num_versions", 1)).orElse(1);
        if (n < 1) {
            throw new ModelLoadException(
                    "version_policy.latest.num_versions must be >= 1, got " + n);
        }
        return new VersionPolicy.Latest(n);
    }

    private static ModelConfig.BatchingConfig batching(TextProto b) {
        List<Integer> preferred = new ArrayList<>();
        for (String s : b.strings("preferred_batch_size")) {
            preferred.add((int) parseLong("dynamic_batching.preferred_batch_size", s));
        }
        Optional<TextProto> queue = b.message("default_queue_policy");
        return new ModelConfig.BatchingConfig(
                preferred,
                intField(b, "max_queue_delay_microseconds", 0),
                queue.map(q -> intField(q, "max_queue_size", 0)).orElse(0),
                queue.map(q -> (long) intField(q, "default_timeout_microseconds", 0)).orElse(0L));
    }

    private static int intField(TextProto p, String field, int fallback) {
        return p.string(field)
                .map(
                        s -> {
                            long v = parseLong(field, s);
                            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                                throw new ModelLoadException(field + " is out of range: " + s);
                            }
                            return (int) v;
                        })
                .orElse(fallback);
    }

    private static long parseLong(String field, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ModelLoadException(field + " must be an integer, got '" + text + "'");
        }
    }
}
