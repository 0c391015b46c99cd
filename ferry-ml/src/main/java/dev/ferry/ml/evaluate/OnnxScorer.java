package dev.ferry.ml.evaluate;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.ferry.ml.data.CategoryColumn;
import dev.ferry.ml.data.Column;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.NumberColumn;
import dev.ferry.ml.data.TensorColumn;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs an ONNX model over a dataset with ONNX Runtime: each model input is fed from the dataset
 * column of the same name (tensor and number columns as FP32, category columns as strings), in
 * batches, and the first output is returned as rows of floats.
 */
public final class OnnxScorer implements AutoCloseable {
    private static final int BATCH = 1024;

    private final OrtSession session;
    private final Path model;

    public OnnxScorer(Path model) {
        this.model = model;
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                this.session = env.createSession(model.toString(), options);
            }
        } catch (OrtException e) {
            throw new EvaluationException(
                    "ONNX Runtime cannot load model " + model + ": " + e.getMessage(), e);
        }
    }

    /** The model's metadata properties (custom metadata map). */
    public Map<String, String> metadata() {
        try {
            return session.getMetadata().getCustomMetadata();
        } catch (OrtException e) {
            throw new EvaluationException("cannot read the metadata of " + model, e);
        }
    }

    /** One row of the first output per dataset row. */
    public float[][] score(Dataset data) {
        int rows = data.rows();
        float[][] out = new float[rows][];
        for (int start = 0; start < rows; start += BATCH) {
            int n = Math.min(BATCH, rows - start);
            float[][] batch = run(data, start, n);
            System.arraycopy(batch, 0, out, start, n);
        }
        return out;
    }

    private float[][] run(Dataset data, int start, int n) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, NodeInfo> input : session.getInputInfo().entrySet()) {
                inputs.put(
                        input.getKey(),
                        tensor(env, input.getKey(), input.getValue(), data, start, n));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxValue value = result.get(0);
                Object array = value.getValue();
                if (array instanceof float[][] matrix) {
                    return matrix;
                }
                if (array instanceof float[] vector) {
                    float[][] rows = new float[vector.length][];
                    for (int i = 0; i < vector.length; i++) {
                        rows[i] = new float[] {vector[i]};
                    }
                    return rows;
                }
                throw new EvaluationException(
                        "model "
                                + model
                                + ": its first output must be FP32 [batch, k] or [batch], got "
                                + value.getInfo());
            }
        } catch (OrtException e) {
            throw new EvaluationException(
                    "ONNX Runtime failed to run " + model + ": " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor tensor(
            OrtEnvironment env, String name, NodeInfo info, Dataset data, int start, int n)
            throws OrtException {
        Column column =
                data.column(name)
                        .orElseThrow(
                                () ->
                                        new EvaluationException(
                                                "model "
                                                        + model
                                                        + " needs input '"
                                                        + name
                                                        + "' but the dataset has no such column"
                                                        + " (columns: "
                                                        + data.schema().names()
                                                        + ")"));
        long width = 1;
        if (info.getInfo() instanceof TensorInfo t && t.getShape().length == 2) {
            width = t.getShape()[1];
        }
        return switch (column) {
            case TensorColumn t -> {
                if (width != t.width()) {
                    throw new EvaluationException(
                            "model input '"
                                    + name
                                    + "' takes "
                                    + width
                                    + " values per row, the column has "
                                    + t.width());
                }
                yield OnnxTensor.createTensor(
                        env,
                        FloatBuffer.wrap(t.values(), start * t.width(), n * t.width()).slice(),
                        new long[] {n, t.width()});
            }
            case NumberColumn c -> {
                float[] values = new float[n];
                for (int i = 0; i < n; i++) {
                    values[i] = c.isMissing(start + i) ? Float.NaN : (float) c.get(start + i);
                }
                yield OnnxTensor.createTensor(env, FloatBuffer.wrap(values), new long[] {n, 1});
            }
            case CategoryColumn c -> {
                String[] values = new String[n];
                for (int i = 0; i < n; i++) {
                    values[i] = c.isMissing(start + i) ? "" : c.get(start + i);
                }
                yield OnnxTensor.createTensor(env, values, new long[] {n, 1});
            }
            default ->
                    throw new EvaluationException(
                            "column '"
                                    + name
                                    + "' ("
                                    + column.spec().describeType()
                                    + ") cannot feed a model input");
        };
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new EvaluationException("cannot close the session of " + model, e);
        }
    }
}
