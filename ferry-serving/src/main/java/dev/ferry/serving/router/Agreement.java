package dev.ferry.serving.router;

import dev.ferry.api.model.Tensor;
import dev.ferry.serving.inference.InferenceResponse;
import dev.ferry.serving.inference.NamedTensor;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Whether a shadow's answer agrees with the primary's. Every output of the primary must be present
 * in the shadow's answer with the same datatype and shape, and then:
 *
 * <ul>
 *   <li>integer, BOOL and BYTES outputs must be equal element for element;
 *   <li>floating-point outputs whose last dimension is wider than 1 are read as per-row class
 *       scores and must pick the same class (equal argmax along the last dimension), since two
 *       versions of a classifier agree when they predict the same label, not the same probability;
 *   <li>other floating-point outputs (regression values, one score per row) must match within an
 *       absolute tolerance of 1e-6 plus a relative tolerance of 1e-4.
 * </ul>
 */
final class Agreement {
    static final double ABSOLUTE = 1e-6;
    static final double RELATIVE = 1e-4;

    private Agreement() {}

    static boolean agree(InferenceResponse primary, InferenceResponse shadow) {
        for (NamedTensor p : primary.outputs()) {
            Optional<NamedTensor> s = shadow.output(p.name());
            if (s.isEmpty() || !agree(p.tensor(), s.get().tensor())) {
                return false;
            }
        }
        return true;
    }

    static boolean agree(Tensor a, Tensor b) {
        if (a.datatype() != b.datatype() || !a.shape().equals(b.shape())) {
            return false;
        }
        return switch (a.datatype()) {
            case FP16, FP32, FP64 -> floats(a, b);
            case BYTES -> equalBytes(a.bytesElements(), b.bytesElements());
            default -> a.data().equals(b.data());
        };
    }

    private static boolean floats(Tensor a, Tensor b) {
        List<Long> shape = a.shape();
        long width = shape.isEmpty() ? 1 : shape.getLast();
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        if (width > 1 && x.length > 0) {
            int w = Math.toIntExact(width);
            for (int row = 0; row < x.length / w; row++) {
                if (argmax(x, row * w, w) != argmax(y, row * w, w)) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i] - y[i]) > ABSOLUTE + RELATIVE * Math.abs(x[i])
                    && !(Double.isNaN(x[i]) && Double.isNaN(y[i]))) {
                return false;
            }
        }
        return true;
    }

    private static int argmax(double[] v, int from, int width) {
        int best = 0;
        for (int i = 1; i < width; i++) {
            if (v[from + i] > v[from + best]) {
                best = i;
            }
        }
        return best;
    }

    private static boolean equalBytes(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
