package dev.ferry.serving.runtime.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.ModelException;
import dev.ferry.api.model.ModelRuntime;
import dev.ferry.api.model.ModelSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * ONNX Runtime (CPU): the default runtime for {@code model.onnx}. Honours {@code
 * intra_op_thread_count}, {@code inter_op_thread_count}, {@code concurrent_calls} (calls one
 * session runs at once) and the model's {@code default_model_filename}. A model with
 * UINT16/UINT32/UINT64 inputs, which ONNX Runtime's Java API cannot create tensors of, is loaded
 * with those inputs fed through casts ({@link UnsignedInputs}).
 */
public final class OnnxModelRuntime implements ModelRuntime {
    static final String DEFAULT_FILE = "model.onnx";

    /** The model parameter that lets ONNX Runtime's pool threads spin while they wait for work. */
    public static final String ALLOW_SPINNING = "allow_spinning";

    /** The model parameter that caps the calls one session runs at the same time. */
    public static final String CONCURRENT_CALLS = "concurrent_calls";

    @Override
    public String name() {
        return "onnxruntime";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("onnxruntime_onnx", "onnx");
    }

    @Override
    public boolean accepts(ModelSource source) {
        return Files.isRegularFile(modelFile(source));
    }

    @Override
    public LoadedModel load(ModelSource source) {
        Path file = modelFile(source);
        if (!Files.isRegularFile(file)) {
            throw new ModelException("no ONNX model at " + file);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (source.options().intraOpThreads() > 0) {
                options.setIntraOpNumThreads(source.options().intraOpThreads());
            }
            if (source.options().interOpThreads() > 0) {
                options.setInterOpNumThreads(source.options().interOpThreads());
            }
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // ONNX Runtime's pool threads spin between parallel sections by default, which suits a
            // machine given to one model; in a server they take the cores from request handling
            // (measured: a third of the CPU spinning while an MLP was served under load).
            String spinning = allowSpinning(source);
            options.addConfigEntry("session.intra_op.allow_spinning", spinning);
            options.addConfigEntry("session.inter_op.allow_spinning", spinning);
            OrtSession session = env.createSession(file.toString(), options);
            Map<String, DataType> renamed = Map.of();
            if (hasUnsignedInputs(session)) {
                session.close();
                UnsignedInputs.Rewritten rewritten = rewrite(file);
                renamed = rewritten.renamed();
                // the model now comes from memory: external data still resolves next to the file
                options.addConfigEntry(
                        "session.model_external_initializers_file_folder_path",
                        file.toAbsolutePath().getParent().toString());
                session = env.createSession(rewritten.model(), options);
            }
            try {
                return new OnnxModel(
                        env,
                        session,
                        file,
                        renamed,
                        concurrentCalls(source),
                        source.maxBatchSize());
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new ModelException("ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The {@code concurrent_calls} parameter, else one call per available processor: more would
     * only queue inside ONNX Runtime, fewer would leave cores idle behind one busy session.
     */
    static int concurrentCalls(ModelSource source) {
        return source.parameter(CONCURRENT_CALLS)
                .map(
                        v -> {
                            try {
                                int n = Integer.parseInt(v.strip());
                                if (n >= 1) {
                                    return n;
                                }
                            } catch (NumberFormatException e) {
                                // reported below with the model's name
                            }
                            throw new ModelException(
                                    "model '"
                                            + source.name()
                                            + "': parameter "
                                            + CONCURRENT_CALLS
                                            + " must be a whole number of at least 1, got '"
                                            + v
                                            + "'");
                        })
                .orElseGet(() -> Runtime.getRuntime().availableProcessors());
    }

    /** {@code allow_spinning}: "1" or "0" (the default). */
    static String allowSpinning(ModelSource source) {
        String value = source.parameter(ALLOW_SPINNING).map(String::strip).orElse("0");
        return switch (value) {
            case "0", "false" -> "0";
            case "1", "true" -> "1";
            default ->
                    throw new ModelException(
                            "model '"
                                    + source.name()
                                    + "': parameter "
                                    + ALLOW_SPINNING
                                    + " must be 1 or 0, got '"
                                    + value
                                    + "'");
        };
    }

    private static boolean hasUnsignedInputs(OrtSession session) throws OrtException {
        for (NodeInfo node : session.getInputInfo().values()) {
            if (node.getInfo() instanceof TensorInfo info
                    && OnnxTypes.toDataType(info.onnxType)
                            .map(UnsignedInputs::needsRewrite)
                            .orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private static UnsignedInputs.Rewritten rewrite(Path file) {
        try {
            return UnsignedInputs.rewrite(Files.readAllBytes(file))
                    .orElseThrow(
                            () ->
                                    new ModelException(
                                            file
                                                    + ": unsigned inputs that are not plain graph"
                                                    + " inputs cannot be fed through ONNX"
                                                    + " Runtime's Java API"));
        } catch (IOException e) {
            throw new ModelException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Path modelFile(ModelSource source) {
        return source.directory()
                .resolve(source.parameter("default_model_filename").orElse(DEFAULT_FILE));
    }
}
