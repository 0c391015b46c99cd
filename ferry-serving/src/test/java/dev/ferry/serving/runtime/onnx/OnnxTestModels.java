package dev.ferry.serving.runtime.onnx;

import ai.onnx.proto.OnnxMl;
import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.ModelSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Small ONNX graphs written in tests, and sessions loaded the way the server loads them. */
final class OnnxTestModels {
    /** The {@code simple} fixture's version directory (INT32 add and subtract of 16 elements). */
    static final Path SIMPLE = Path.of("src/test/resources/repository/simple/1");

    private OnnxTestModels() {}

    /** A tensor input or output of ONNX element type {@code elemType}, one symbolic dim each. */
    static OnnxMl.ValueInfoProto tensor(String name, int elemType, String... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (String dim : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(dim));
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(
                        OnnxMl.TypeProto.newBuilder()
                                .setTensorType(
                                        OnnxMl.TypeProto.Tensor.newBuilder()
                                                .setElemType(elemType)
                                                .setShape(shape)))
                .build();
    }

    /** The graph as a serialized model (IR 8, opset 13). */
    static byte[] model(OnnxMl.GraphProto.Builder graph) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setGraph(graph)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13))
                .build()
                .toByteArray();
    }

    /** A session over {@code dir}'s model.onnx with these thread counts and parameters. */
    static LoadedModel load(Path dir, String name, int threads, Map<String, String> parameters) {
        return load(dir, name, threads, parameters, 0);
    }

    /** As above, for a model whose first dimension is the batch when {@code maxBatchSize} > 0. */
    static LoadedModel load(
            Path dir, String name, int threads, Map<String, String> parameters, int maxBatchSize) {
        return new OnnxModelRuntime()
                .load(
                        new ModelSource(
                                name,
                                1,
                                dir,
                                Optional.empty(),
                                maxBatchSize,
                                new ModelSource.RuntimeOptions(threads, threads, parameters)));
    }
}
