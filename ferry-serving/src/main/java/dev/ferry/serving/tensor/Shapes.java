package dev.ferry.serving.tensor;

import dev.ferry.api.model.TensorSpec;
import dev.ferry.serving.InvalidRequestException;
import java.util.List;

/** Shape arithmetic and checks against a model's declared shapes, with client-facing errors. */
public final class Shapes {
    private Shapes() {}

    /** The element count of a request shape; rejects negative and overflowing dimensions. */
    public static long elementCount(String tensor, List<Long> shape) {
        long count = 1;
        for (Long dim : shape) {
            if (dim == null || dim < 0) {
                throw new InvalidRequestException(
                        "tensor '" + tensor + "' has shape " + shape + ": dimensions must be >= 0");
            }
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                throw new InvalidRequestException(
                        "tensor '" + tensor + "' has shape " + shape + ": too many elements");
            }
        }
        return count;
    }

    /**
     * Checks a concrete shape against a declared one where -1 matches any size; throws with both
     * shapes in the message.
     */
    public static void checkMatches(String what, List<Long> actual, TensorSpec spec) {
        List<Long> declared = spec.shape();
        boolean ok = actual.size() == declared.size();
        for (int i = 0; ok && i < declared.size(); i++) {
            long d = declared.get(i);
            ok = d < 0 || d == actual.get(i);
        }
        if (!ok) {
            throw new InvalidRequestException(
                    what
                            + " '"
                            + spec.name()
                            + "' has shape "
                            + actual
                            + " but the model expects "
                            + declared
                            + " (-1 is any size)");
        }
    }
}
