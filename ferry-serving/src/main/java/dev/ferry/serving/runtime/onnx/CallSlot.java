package dev.ferry.serving.runtime.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ferry.api.model.ModelException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * What one running ONNX Runtime call holds: run options that can stop it, and direct buffers for
 * its inputs and outputs, reused by the calls that hold the slot after it.
 */
final class CallSlot {
    /** Tensors up to this size reuse the slot's buffer; larger inputs get a buffer per call. */
    static final int REUSED_BUFFER_LIMIT = 1 << 16;

    private final OrtSession.RunOptions options;
    private final Map<String, ByteBuffer> buffers = new HashMap<>();
    private final Map<String, ByteBuffer> outputBuffers = new HashMap<>();
    private volatile boolean terminated;

    CallSlot() {
        try {
            this.options = new OrtSession.RunOptions();
        } catch (OrtException e) {
            throw new ModelException("ONNX Runtime cannot create run options: " + e, e);
        }
    }

    /** The options the call runs with; setting their terminate flag stops it. */
    OrtSession.RunOptions options() {
        return options;
    }

    /** Stops the call under way, if any; the slot serves again after {@link #reset}. */
    void terminate() {
        terminated = true;
        try {
            options.setTerminate(true);
        } catch (OrtException e) {
            throw new ModelException("could not stop an ONNX Runtime call: " + e.getMessage(), e);
        }
    }

    /** Clears a stop, so the next call that holds the slot runs. */
    void reset() throws OrtException {
        if (terminated) {
            terminated = false;
            options.setTerminate(false);
        }
    }

    /** A buffer for input {@code name}: the slot's own up to the reuse limit, else a fresh one. */
    ByteBuffer buffer(String name, int size) {
        if (size > REUSED_BUFFER_LIMIT) {
            return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
        }
        return reused(buffers, name, size);
    }

    /** The buffer output {@code name} is written into; sizes up to the reuse limit only. */
    ByteBuffer outputBuffer(String name, int size) {
        return reused(outputBuffers, name, size);
    }

    private static ByteBuffer reused(Map<String, ByteBuffer> pool, String name, int size) {
        ByteBuffer b = pool.get(name);
        if (b == null || b.capacity() < size) {
            b = ByteBuffer.allocateDirect(Math.max(size, 64)).order(ByteOrder.nativeOrder());
            pool.put(name, b);
        }
        return b.clear();
    }
}
