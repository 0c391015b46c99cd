package dev.ferry.serving.runtime.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnknownFieldSet.Field;
import dev.ferry.api.model.DataType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lets ONNX Runtime's Java API feed UINT16, UINT32 and UINT64 inputs, which it cannot create
 * tensors of: each such graph input {@code x} becomes a signed input of the same width, {@code
 * x__ferry_signed}, followed by a {@code Cast} back to the unsigned type named {@code x}, so the
 * rest of the graph is untouched. The cast between same-width integers keeps every bit, so the
 * caller feeds the unsigned values' bytes unchanged. Works on the raw protobuf fields (ONNX's field
 * numbers), keeping everything else of the model byte for byte.
 */
final class UnsignedInputs {
    /** The suffix of the signed input that replaces an unsigned one. */
    static final String SUFFIX = "__ferry_signed";

    // ONNX field numbers (onnx.proto) and element types (TensorProto.DataType).
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int TENSOR_NAME = 8;
    private static final int VALUE_NAME = 1;
    private static final int VALUE_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_ELEM_TYPE = 1;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTR_NAME = 1;
    private static final int ATTR_I = 3;
    private static final int ATTR_TYPE = 20;
    private static final int ATTR_TYPE_INT = 2;
    private static final Map<Integer, Integer> SIGNED = Map.of(4, 5, 12, 6, 13, 7);

    private UnsignedInputs() {}

    /** A rewritten model and the unsigned inputs it renamed, by original name. */
    record Rewritten(byte[] model, Map<String, DataType> renamed) {}

    /** Whether a datatype is one ONNX Runtime's Java API cannot create a tensor of. */
    static boolean needsRewrite(DataType t) {
        return t == DataType.UINT16 || t == DataType.UINT32 || t == DataType.UINT64;
    }

    /** The model with its unsigned inputs fed through casts; empty when it has none. */
    static Optional<Rewritten> rewrite(byte[] model) throws InvalidProtocolBufferException {
        UnknownFieldSet root = UnknownFieldSet.parseFrom(model);
        Field graphField = root.getField(MODEL_GRAPH);
        if (graphField.getLengthDelimitedList().size() != 1) {
            return Optional.empty();
        }
        UnknownFieldSet graph =
                UnknownFieldSet.parseFrom(graphField.getLengthDelimitedList().get(0));
        Set<String> initializers = new HashSet<>();
        for (ByteString t : graph.getField(GRAPH_INITIALIZER).getLengthDelimitedList()) {
            initializers.add(string(UnknownFieldSet.parseFrom(t), TENSOR_NAME));
        }
        List<ByteString> inputs = new ArrayList<>();
        List<ByteString> casts = new ArrayList<>();
        Map<String, DataType> renamed = new LinkedHashMap<>();
        for (ByteString raw : graph.getField(GRAPH_INPUT).getLengthDelimitedList()) {
            UnknownFieldSet input = UnknownFieldSet.parseFrom(raw);
            String name = string(input, VALUE_NAME);
            int elemType = elemType(input);
            Integer signed = SIGNED.get(elemType);
            if (signed == null || initializers.contains(name)) {
                inputs.add(raw);
                continue;
            }
            inputs.add(withElemType(input, name + SUFFIX, signed).toByteString());
            casts.add(cast(name + SUFFIX, name, elemType).toByteString());
            renamed.put(
                    name,
                    elemType == 4
                            ? DataType.UINT16
                            : elemType == 12 ? DataType.UINT32 : DataType.UINT64);
        }
        if (renamed.isEmpty()) {
            return Optional.empty();
        }
        List<ByteString> nodes = new ArrayList<>(casts);
        nodes.addAll(graph.getField(GRAPH_NODE).getLengthDelimitedList());
        UnknownFieldSet newGraph =
                UnknownFieldSet.newBuilder(graph)
                        .clearField(GRAPH_NODE)
                        .clearField(GRAPH_INPUT)
                        .addField(GRAPH_NODE, lengthDelimited(nodes))
                        .addField(GRAPH_INPUT, lengthDelimited(inputs))
                        .build();
        UnknownFieldSet newRoot =
                UnknownFieldSet.newBuilder(root)
                        .clearField(MODEL_GRAPH)
                        .addField(MODEL_GRAPH, lengthDelimited(List.of(newGraph.toByteString())))
                        .build();
        return Optional.of(new Rewritten(newRoot.toByteArray(), renamed));
    }

    private static int elemType(UnknownFieldSet valueInfo) throws InvalidProtocolBufferException {
        List<ByteString> type = valueInfo.getField(VALUE_TYPE).getLengthDelimitedList();
        if (type.size() != 1) {
            return 0;
        }
        List<ByteString> tensor =
                UnknownFieldSet.parseFrom(type.get(0))
                        .getField(TYPE_TENSOR)
                        .getLengthDelimitedList();
        if (tensor.size() != 1) {
            return 0;
        }
        List<Long> elem =
                UnknownFieldSet.parseFrom(tensor.get(0)).getField(TENSOR_ELEM_TYPE).getVarintList();
        return elem.isEmpty() ? 0 : elem.getLast().intValue();
    }

    private static UnknownFieldSet withElemType(
            UnknownFieldSet valueInfo, String name, int elemType)
            throws InvalidProtocolBufferException {
        UnknownFieldSet type =
                UnknownFieldSet.parseFrom(
                        valueInfo.getField(VALUE_TYPE).getLengthDelimitedList().get(0));
        UnknownFieldSet tensor =
                UnknownFieldSet.parseFrom(
                        type.getField(TYPE_TENSOR).getLengthDelimitedList().get(0));
        UnknownFieldSet newTensor =
                UnknownFieldSet.newBuilder(tensor)
                        .clearField(TENSOR_ELEM_TYPE)
                        .addField(TENSOR_ELEM_TYPE, varint(elemType))
                        .build();
        UnknownFieldSet newType =
                UnknownFieldSet.newBuilder(type)
                        .clearField(TYPE_TENSOR)
                        .addField(TYPE_TENSOR, lengthDelimited(List.of(newTensor.toByteString())))
                        .build();
        return UnknownFieldSet.newBuilder(valueInfo)
                .clearField(VALUE_NAME)
                .clearField(VALUE_TYPE)
                .addField(VALUE_NAME, lengthDelimited(List.of(ByteString.copyFromUtf8(name))))
                .addField(VALUE_TYPE, lengthDelimited(List.of(newType.toByteString())))
                .build();
    }

    private static UnknownFieldSet cast(String from, String to, int elemType) {
        UnknownFieldSet attribute =
                UnknownFieldSet.newBuilder()
                        .addField(
                                ATTR_NAME, lengthDelimited(List.of(ByteString.copyFromUtf8("to"))))
                        .addField(ATTR_I, varint(elemType))
                        .addField(ATTR_TYPE, varint(ATTR_TYPE_INT))
                        .build();
        return UnknownFieldSet.newBuilder()
                .addField(NODE_INPUT, lengthDelimited(List.of(ByteString.copyFromUtf8(from))))
                .addField(NODE_OUTPUT, lengthDelimited(List.of(ByteString.copyFromUtf8(to))))
                .addField(
                        NODE_NAME,
                        lengthDelimited(List.of(ByteString.copyFromUtf8("ferry_cast_" + to))))
                .addField(NODE_OP_TYPE, lengthDelimited(List.of(ByteString.copyFromUtf8("Cast"))))
                .addField(NODE_ATTRIBUTE, lengthDelimited(List.of(attribute.toByteString())))
                .build();
    }

    private static String string(UnknownFieldSet message, int field) {
        List<ByteString> values = message.getField(field).getLengthDelimitedList();
        return values.isEmpty() ? "" : values.getLast().toStringUtf8();
    }

    private static Field lengthDelimited(List<ByteString> values) {
        Field.Builder f = Field.newBuilder();
        values.forEach(f::addLengthDelimited);
        return f.build();
    }

    private static Field varint(long value) {
        return Field.newBuilder().addVarint(value).build();
    }
}
