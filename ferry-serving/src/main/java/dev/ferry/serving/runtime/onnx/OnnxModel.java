package dev.ferry.serving.runtime.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.ModelException;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.Tensor;
import dev.ferry.api.model.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One ONNX Runtime session; closing it frees the session's native memory. */
final class OnnxModel implements LoadedModel {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelSignature signature;

    OnnxModel(OrtEnvironment env, OrtSession session, Path file) throws OrtException {
        this.env = env;
        this.session = session;
        this.signature =
                new ModelSignature(
                        specs(file, session.getInputInfo()), specs(file, session.getOutputInfo()));
        for (TensorSpec in : signature.inputs()) {
            if (in.datatype() != DataType.BYTES && OnnxTypes.bufferType(in.datatype()).isEmpty()) {
                throw new ModelException(
                        file
                                + ": input '"
                                + in.name()
                                + "' is "
                                + in.datatype()
                                + ", which ONNX Runtime's Java API cannot feed");
            }
        }
    }

    private static List<TensorSpec> specs(Path file, Map<String, NodeInfo> nodes) {
        List<TensorSpec> out = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            if (!(node.getInfo() instanceof TensorInfo info)) {
                throw new ModelException(
                        file
                                + ": '"
                                + node.getName()
                                + "' is not a tensor; only tensor inputs and outputs are served");
            }
            DataType type =
                    OnnxTypes.toDataType(info.onnxType)
                            .orElseThrow(
                                    () ->
                                            new ModelException(
                                                    file
                                                            + ": '"
                                                            + node.getName()
                                                            + "' has unsupported type "
                                                            + info.onnxType));
            List<Long> shape = new ArrayList<>();
            for (long d : info.getShape()) {
                shape.add(d < 0 ? -1L : d);
            }
            out.add(new TensorSpec(node.getName(), type, shape));
        }
        return out;
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
            for (var e : inputs.entrySet()) {
                feeds.put(e.getKey(), toOnnx(e.getKey(), e.getValue()));
            }
            try (OrtSession.Result result = session.run(feeds)) {
                Map<String, Tensor> out = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> r : result) {
                    out.put(r.getKey(), fromOnnx(r.getKey(), r.getValue()));
                }
                return out;
            }
        } catch (OrtException e) {
            throw new ModelException("ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor toOnnx(String name, Tensor t) throws OrtException {
        if (t.datatype() == DataType.BYTES) {
            List<byte[]> elements = t.bytesElements();
            String[] strings = new String[elements.size()];
            for (int i = 0; i < strings.length; i++) {
                strings[i] = new String(elements.get(i), StandardCharsets.UTF_8);
            }
            return OnnxTensor.createTensor(env, strings, t.shapeArray());
        }
        OnnxJavaType type =
                OnnxTypes.bufferType(t.datatype())
                        .orElseThrow(
                                () ->
                                        new ModelException(
                                                "input '"
                                                        + name
                                                        + "': ONNX Runtime's Java API cannot take "
                                                        + t.datatype()));
        // ONNX Runtime reads direct buffers in place; a heap buffer would be copied anyway.
        ByteBuffer direct = ByteBuffer.allocateDirect(t.byteSize()).order(ByteOrder.nativeOrder());
        direct.put(t.data()).flip();
        return OnnxTensor.createTensor(env, direct, t.shapeArray(), type);
    }

    private static Tensor fromOnnx(String name, OnnxValue value) throws OrtException {
        if (!(value instanceof OnnxTensor tensor)) {
            throw new ModelException("output '" + name + "' is not a tensor");
        }
        TensorInfo info = tensor.getInfo();
        DataType type =
                OnnxTypes.toDataType(info.onnxType)
                        .orElseThrow(
                                () ->
                                        new ModelException(
                                                "output '"
                                                        + name
                                                        + "' has unsupported type "
                                                        + info.onnxType));
        List<Long> shape = new ArrayList<>();
        for (long d : info.getShape()) {
            shape.add(d);
        }
        if (type == DataType.BYTES) {
            List<byte[]> flat = new ArrayList<>();
            flatten(tensor.getValue(), flat);
            return Tensor.ofBytes(info.getShape(), flat);
        }
        ByteBuffer bytes = tensor.getByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        return new Tensor(type, shape, bytes);
    }

    private static void flatten(Object value, List<byte[]> out) {
        if (value instanceof String s) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof Object[] array) {
            for (Object o : array) {
                flatten(o, out);
            }
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new ModelException("closing ONNX Runtime session failed: " + e.getMessage(), e);
        }
    }
}
