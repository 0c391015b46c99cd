package dev.ferry.gitops.staging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.Tensor;
import dev.ferry.api.model.TensorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The held-out sample of the accuracy check: a JSON-lines file, one case per line, {@code
 * {"inputs": {"x": [[...]]}, "expected": {"y": [[...]]}}} (outputs compared element by element,
 * within 1e-4) or {@code {"inputs": {...}, "label": 3}} (the arg-max of the first output must be
 * the label). Nested arrays give the shape; the model's signature gives the element types.
 */
record Sample(List<Case> cases) {
    static final double TOLERANCE = 1e-4;

    /** One line: inputs and what the answer must be. */
    record Case(
            int line, Map<String, Tensor> inputs, Map<String, double[]> expected, Integer label) {}

    /**
     * Parses {@code text} (from {@code path}) against {@code signature}.
     *
     * @throws StagingException naming the path and line of the first problem
     */
    static Sample parse(String path, String text, ModelSignature signature) {
        ObjectMapper json = new ObjectMapper();
        List<Case> cases = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String at = path + ":" + (i + 1);
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (Exception e) {
                throw new StagingException(at + ": not a JSON object: " + e.getMessage());
            }
            if (!node.path("inputs").isObject()) {
                throw new StagingException(
                        at + ": expected {\"inputs\": {...}, \"expected\": {...}} or \"label\"");
            }
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            for (TensorSpec spec : signature.inputs()) {
                JsonNode value = node.path("inputs").path(spec.name());
                if (value.isMissingNode()) {
                    throw new StagingException(
                            at + ": input '" + spec.name() + "' of the model is missing");
                }
                inputs.put(spec.name(), tensor(at, spec, value));
            }
            Map<String, double[]> expected = new LinkedHashMap<>();
            node.path("expected")
                    .properties()
                    .forEach(e -> expected.put(e.getKey(), flatten(at, e.getValue())));
            Integer label = node.path("label").isInt() ? node.path("label").asInt() : null;
            if (expected.isEmpty() && label == null) {
                throw new StagingException(
                        at + ": give \"expected\" outputs or an integer \"label\"");
            }
            cases.add(new Case(i + 1, inputs, expected, label));
        }
        if (cases.isEmpty()) {
            throw new StagingException(path + ": the sample has no cases");
        }
        return new Sample(cases);
    }

    private static Tensor tensor(String at, TensorSpec spec, JsonNode value) {
        List<Long> shape = new ArrayList<>();
        JsonNode n = value;
        while (n.isArray()) {
            shape.add((long) n.size());
            if (n.isEmpty()) {
                break;
            }
            n = n.get(0);
        }
        double[] v = flatten(at, value);
        long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
        if (Tensor.elementCount(shape) != v.length) {
            throw new StagingException(
                    at + ": input '" + spec.name() + "' is not a rectangular array");
        }
        DataType type = spec.datatype();
        return switch (type) {
            case FP32 -> {
                float[] f = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    f[i] = (float) v[i];
                }
                yield Tensor.ofFloats(dims, f);
            }
            case FP64 -> Tensor.ofDoubles(dims, v);
            case INT32 -> {
                int[] x = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    x[i] = (int) v[i];
                }
                yield Tensor.ofInts(dims, x);
            }
            case INT64 -> {
                long[] x = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    x[i] = (long) v[i];
                }
                yield Tensor.ofLongs(dims, x);
            }
            default ->
                    throw new StagingException(
                            at
                                    + ": input '"
                                    + spec.name()
                                    + "' is "
                                    + type
                                    + "; the accuracy check supports FP32, FP64, INT32 and"
                                    + " INT64 inputs");
        };
    }

    private static double[] flatten(String at, JsonNode value) {
        List<Double> out = new ArrayList<>();
        collect(at, value, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(String at, JsonNode node, List<Double> out) {
        if (node.isArray()) {
            node.forEach(n -> collect(at, n, out));
        } else if (node.isNumber()) {
            out.add(node.asDouble());
        } else {
            throw new StagingException(at + ": expected numbers, found " + node);
        }
    }
}
