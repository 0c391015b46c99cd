package dev.ferry.ml.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.TensorSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what an ONNX file takes and returns (names, element types, shapes; -1 for a variable
 * dimension) and its metadata properties, straight from the model's protobuf.
 */
public final class OnnxSignatures {

    /** The parsed model, or an error naming the file. */
    public ModelProto read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            ModelProto model = ModelProto.parseFrom(in);
            if (!model.hasGraph() || model.getGraph().getOutputCount() == 0) {
                throw new ExportException(file + " is not an ONNX model: it has no graph outputs");
            }
            return model;
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new ExportException(file + " is not an ONNX model: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ExportException("cannot read model " + file + ": " + e.getMessage(), e);
        }
    }

    public ModelSignature signature(ModelProto model) {
        Set<String> initializers = new HashSet<>();
        model.getGraph().getInitializerList().forEach(t -> initializers.add(t.getName()));
        List<TensorSpec> inputs = new ArrayList<>();
        for (ValueInfoProto input : model.getGraph().getInputList()) {
            if (!initializers.contains(input.getName())) {
                inputs.add(spec(input));
            }
        }
        List<TensorSpec> outputs = new ArrayList<>();
        for (ValueInfoProto output : model.getGraph().getOutputList()) {
            outputs.add(spec(output));
        }
        return new ModelSignature(inputs, outputs);
    }

    public Map<String, String> metadata(ModelProto model) {
        Map<String, String> props = new HashMap<>();
        model.getMetadataPropsList().forEach(p -> props.put(p.getKey(), p.getValue()));
        return props;
    }

    private static TensorSpec spec(ValueInfoProto value) {
        if (!value.getType().hasTensorType()) {
            throw new ExportException(
                    "model value '"
                            + value.getName()
                            + "' is not a tensor; only tensor inputs and"
                            + " outputs can be served");
        }
        var tensor = value.getType().getTensorType();
        List<Long> shape = new ArrayList<>();
        for (TensorShapeProto.Dimension dim : tensor.getShape().getDimList()) {
            shape.add(dim.hasDimValue() ? dim.getDimValue() : -1L);
        }
        return new TensorSpec(
                value.getName(), dataType(value.getName(), tensor.getElemType()), shape);
    }

    private static DataType dataType(String name, int elemType) {
        TensorProto.DataType type = TensorProto.DataType.forNumber(elemType);
        if (type == null) {
            throw new ExportException(
                    "model value '" + name + "' has unknown element type " + elemType);
        }
        return switch (type) {
            case FLOAT -> DataType.FP32;
            case DOUBLE -> DataType.FP64;
            case FLOAT16 -> DataType.FP16;
            case BFLOAT16 -> DataType.BF16;
            case INT8 -> DataType.INT8;
            case INT16 -> DataType.INT16;
            case INT32 -> DataType.INT32;
            case INT64 -> DataType.INT64;
            case UINT8 -> DataType.UINT8;
            case UINT16 -> DataType.UINT16;
            case UINT32 -> DataType.UINT32;
            case UINT64 -> DataType.UINT64;
            case BOOL -> DataType.BOOL;
            case STRING -> DataType.BYTES;
            default ->
                    throw new ExportException(
                            "model value '"
                                    + name
                                    + "' has element type "
                                    + type
                                    + ", which the Open Inference Protocol cannot carry");
        };
    }
}
