package dev.ferry.bench.serving;

import ai.onnx.proto.OnnxMl;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * The shape of model {@code ferry/train-linear} exports for MNIST: 784 FP32 pixels in, a softmax
 * over 10 digits out, one dense layer. The model call is cheap and the input is large, so this is
 * the model on which the wire format, not the model, sets the cost of a request.
 */
final class DigitModel {
    static final int PIXELS = 784;
    static final int DIGITS = 10;

    private DigitModel() {}

    /** Writes {@code model.onnx} and its config (no batching) into a Triton-style repository. */
    static void writeRepositoryEntry(Path repository, String name) throws IOException {
        Path version = repository.resolve(name).resolve("1");
        Files.createDirectories(version);
        Files.write(version.resolve("model.onnx"), build(7).toByteArray());
        Files.writeString(
                repository.resolve(name).resolve("config.pbtxt"),
                """
                name: "%s"
                platform: "onnxruntime_onnx"
                max_batch_size: 64
                input [ { name: "pixels" data_type: TYPE_FP32 dims: [ %d ] } ]
                output [ { name: "probabilities" data_type: TYPE_FP32 dims: [ %d ] } ]
                """
                        .formatted(name, PIXELS, DIGITS));
    }

    /**
     * The first image of an IDX image file (gzip), pixels scaled to [0, 1]: a real digit, mostly
     * zeros, so its JSON has the mix of short and long numbers clients send.
     */
    static float[] firstImage(Path idxImagesGz) throws IOException {
        try (InputStream raw = Files.newInputStream(idxImagesGz);
                DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            int magic = in.readInt();
            if (magic != 0x0803) {
                throw new IOException(
                        idxImagesGz + " is not an IDX image file (magic " + magic + ")");
            }
            in.readInt(); // image count
            int rows = in.readInt();
            int cols = in.readInt();
            if (rows * cols != PIXELS) {
                throw new IOException(
                        idxImagesGz + " holds " + rows + "x" + cols + " images, expected 28x28");
            }
            float[] pixels = new float[PIXELS];
            for (int i = 0; i < PIXELS; i++) {
                pixels[i] = in.readUnsignedByte() / 255f;
            }
            return pixels;
        }
    }

    private static OnnxMl.ModelProto build(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ONNXContext ctx = new ONNXContext();
        ctx.setName("digits");
        ONNXPlaceholder input = ctx.floatInput("pixels", PIXELS);
        ONNXPlaceholder output = ctx.floatOutput("probabilities", DIGITS);
        MlpModel.dense(ctx, input, "logits", PIXELS, DIGITS, random)
                .apply(ONNXOperators.SOFTMAX, Map.of("axis", 1))
                .assignTo(output);
        return MlpModel.model(ctx);
    }
}
