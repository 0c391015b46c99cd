package dev.ferry.ml.train;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.ferry.api.step.StepContext;
import dev.ferry.ml.data.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a trained model as the step's {@code model} artifact and reports what training cost. */
public final class ModelFiles {
    public static final String MODEL = "model";
    public static final String ONNX_MEDIA_TYPE = "application/onnx";

    private ModelFiles() {}

    /** Writes {@code model.onnx} atomically and declares it a model. */
    public static void writeOnnx(StepContext context, ModelProto model) {
        AtomicFile.write(context.outputsDir().resolve(MODEL + ".onnx"), model::writeTo);
        context.describeOutput(MODEL, "model", ONNX_MEDIA_TYPE);
    }

    /** Sets the {@code train_seconds} and {@code samples_per_second} values and logs them. */
    public static void reportCost(StepContext context, long startNanos, int rows, int passes) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = seconds > 0 ? (double) rows * passes / seconds : 0;
        context.value("train_seconds", seconds);
        context.value("samples_per_second", rate);
        context.log(
                String.format(
                        java.util.Locale.ROOT,
                        "trained on %d rows x %d passes in %.2f s (%.0f samples/s)",
                        rows,
                        passes,
                        seconds,
                        rate));
    }

    /** A model artifact may be a file or a directory holding one {@code .onnx} file. */
    public static Path locateOnnx(Path path) {
        if (!Files.isDirectory(path)) {
            return path;
        }
        try (var files = Files.list(path)) {
            List<Path> onnx = files.filter(p -> p.toString().endsWith(".onnx")).toList();
            if (onnx.size() != 1) {
                throw new TrainingException(
                        "model directory "
                                + path
                                + " must hold exactly one .onnx file, it holds "
                                + onnx.size());
            }
            return onnx.getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
