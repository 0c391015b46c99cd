package dev.ferry.bench.serving;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * Writes a dense MLP (784 → hidden → hidden → 10, sigmoid) as ONNX with a variable batch dimension:
 * big enough that one call per request is memory-bound, so grouping requests pays off.
 */
final class MlpModel {
    static final int INPUTS = 784;

    /** The hidden width of the MLP served next to the small models. */
    static final int HIDDEN = 1024;

    /**
     * The hidden width of a wider MLP, whose compute outweighs a request's HTTP cost, so the
     * server's batching gain can approach the model's own.
     */
    static final int WIDE_HIDDEN = 2048;

    static final int CLASSES = 10;

    private MlpModel() {}

    /** The MLP's shape, as the report names it. */
    static String describe(int hidden) {
        return "MLP " + INPUTS + "-" + hidden + "-" + hidden + "-" + CLASSES;
    }

    /** Writes {@code model.onnx} into a Triton-style repository entry with its config. */
    static void writeRepositoryEntry(Path repository, String name, int hidden, boolean batching)
            throws IOException {
        Path version = repository.resolve(name).resolve("1");
        Files.createDirectories(version);
        Files.write(version.resolve("model.onnx"), build(42, hidden).toByteArray());
        String config =
                """
                name: "%s"
                platform: "onnxruntime_onnx"
                max_batch_size: 64
                input [ { name: "input" data_type: TYPE_FP32 dims: [ %d ] } ]
                output [ { name: "logits" data_type: TYPE_FP32 dims: [ %d ] } ]
                instance_group [ { count: 1 } ]
                %s
                """
                        .formatted(
                                name,
                                INPUTS,
                                CLASSES,
                                batching
                                        ? "dynamic_batching { max_queue_delay_microseconds: 2000 }"
                                        : "");
        Files.writeString(repository.resolve(name).resolve("config.pbtxt"), config);
    }

    static OnnxMl.ModelProto build(long seed, int hidden) {
        SplittableRandom random = new SplittableRandom(seed);
        ONNXContext ctx = new ONNXContext();
        ctx.setName("mlp");
        ONNXPlaceholder input = ctx.floatInput("input", INPUTS);
        ONNXPlaceholder output = ctx.floatOutput("logits", CLASSES);
        var h1 = dense(ctx, input, "l1", INPUTS, hidden, random).apply(ONNXOperators.SIGMOID);
        var h2 = dense(ctx, h1, "l2", hidden, hidden, random).apply(ONNXOperators.SIGMOID);
        dense(ctx, h2, "l3", hidden, CLASSES, random).assignTo(output);
        return model(ctx);
    }

    /** The model around {@code ctx}'s graph, at the IR version and opset the bench models use. */
    static OnnxMl.ModelProto model(ONNXContext ctx) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("ferry-bench")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13))
                .setGraph(ctx.buildGraph())
                .build();
    }

    /** A dense layer {@code in x W + b} with He-initialised weights and a small bias. */
    static org.tribuo.util.onnx.ONNXNode dense(
            ONNXContext ctx,
            org.tribuo.util.onnx.ONNXRef<?> in,
            String name,
            int rows,
            int cols,
            SplittableRandom random) {
        double scale = Math.sqrt(2.0 / rows);
        ONNXInitializer w =
                ctx.floatTensor(
                        name + "_w",
                        List.of(rows, cols),
                        buf -> {
                            while (buf.hasRemaining()) {
                                buf.put((float) (random.nextGaussian() * scale));
                            }
                        });
        ONNXInitializer b =
                ctx.floatTensor(
                        name + "_b",
                        List.of(cols),
                        buf -> {
                            while (buf.hasRemaining()) {
                                buf.put(0.01f);
                            }
                        });
        return ctx.operation(ONNXOperators.GEMM, List.of(in, w, b), name, Map.of());
    }
}
