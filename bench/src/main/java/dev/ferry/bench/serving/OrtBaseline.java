package dev.ferry.bench.serving;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.Map;

/** The raw in-process ONNX Runtime call rate: the ceiling no server can beat. */
final class OrtBaseline {
    private OrtBaseline() {}

    /** Calls per second of the {@code simple} model with one row, on one thread. */
    static double simpleCallsPerSecond(Path model, double seconds) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(model.toString(), opts)) {
            int[] values = new int[16];
            for (int i = 0; i < 16; i++) {
                values[i] = i;
            }
            long[] shape = {1, 16};
            return rate(
                    seconds,
                    () -> {
                        try (OnnxTensor a =
                                        OnnxTensor.createTensor(
                                                env, IntBuffer.wrap(values), shape);
                                OnnxTensor b =
                                        OnnxTensor.createTensor(
                                                env, IntBuffer.wrap(values), shape);
                                OrtSession.Result r =
                                        session.run(Map.of("INPUT0", a, "INPUT1", b))) {
                            return r.size();
                        }
                    });
        }
    }

    /** Rows per second of the MLP called with {@code batch} rows at a time, on one thread. */
    static double mlpRowsPerSecond(Path model, int batch, double seconds) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(model.toString(), opts)) {
            float[] values = new float[batch * MlpModel.INPUTS];
            long[] shape = {batch, MlpModel.INPUTS};
            return batch
                    * rate(
                            seconds,
                            () -> {
                                try (OnnxTensor x =
                                                OnnxTensor.createTensor(
                                                        env, FloatBuffer.wrap(values), shape);
                                        OrtSession.Result r = session.run(Map.of("input", x))) {
                                    return r.size();
                                }
                            });
        }
    }

    private interface Call {
        int run() throws OrtException;
    }

    private static double rate(double seconds, Call call) throws OrtException {
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            call.run();
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long n = 0;
        while (System.nanoTime() < end) {
            call.run();
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }
}
