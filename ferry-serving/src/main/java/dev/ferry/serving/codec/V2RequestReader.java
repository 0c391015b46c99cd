package dev.ferry.serving.codec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.Tensor;
import dev.ferry.serving.InvalidRequestException;
import dev.ferry.serving.UnsupportedException;
import dev.ferry.serving.inference.InferenceRequest;
import dev.ferry.serving.inference.NamedTensor;
import dev.ferry.serving.inference.RequestedOutput;
import dev.ferry.serving.tensor.BinaryTensors;
import dev.ferry.serving.tensor.TensorJson;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Reads a V2 REST inference request: a JSON document, optionally followed by binary tensor data
 * (the binary tensor extension) whose JSON part is {@code Inference-Header-Content-Length} bytes.
 */
public final class V2RequestReader {
    private final ObjectMapper json;
    private final long maxElements;

    /** A reader accepting at most {@code maxElements} elements per tensor. */
    public V2RequestReader(ObjectMapper json, long maxElements) {
        this.json = json;
        this.maxElements = maxElements;
    }

    /**
     * Parses {@code body}; {@code headerLength} is the JSON part's length when binary data follows.
     */
    public InferenceRequest read(byte[] body, OptionalInt headerLength) {
        int jsonLength = body.length;
        if (headerLength.isPresent()) {
            jsonLength = headerLength.getAsInt();
            if (jsonLength < 0 || jsonLength > body.length) {
                throw new InvalidRequestException(
                        "Inference-Header-Content-Length is "
                                + jsonLength
                                + " but the body has "
                                + body.length
                                + " bytes");
            }
        }
        JsonNode root;
        try {
            root = json.readTree(body, 0, jsonLength);
        } catch (JacksonException e) {
            throw new InvalidRequestException("malformed JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidRequestException("unreadable request body: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException("the request body must be a JSON object");
        }
        ByteBuffer binary = ByteBuffer.wrap(body, jsonLength, body.length - jsonLength).slice();
        String id = "";
        JsonNode idNode = root.get("id");
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isTextual()) {
                throw new InvalidRequestException("'id' must be a string");
            }
            id = idNode.textValue();
        }
        Map<String, Object> params = Parameters.read("request", root.get("parameters"));
        JsonNode inputs = root.get("inputs");
        if (inputs == null || !inputs.isArray()) {
            throw new InvalidRequestException("the request needs an 'inputs' array");
        }
        List<NamedTensor> tensors = new ArrayList<>();
        for (JsonNode in : inputs) {
            tensors.add(input(in, binary));
        }
        if (binary.hasRemaining()) {
            throw new InvalidRequestException(
                    binary.remaining()
                            + " bytes of binary data follow the JSON but no input claims them"
                            + " (binary_data_size)");
        }
        return new InferenceRequest(id, params, tensors, outputs(root.get("outputs")));
    }

    private NamedTensor input(JsonNode in, ByteBuffer binary) {
        if (!in.isObject()) {
            throw new InvalidRequestException("each input must be a JSON object");
        }
        String name = text(in, "name", "input");
        String where = "input '" + name + "'";
        String typeName = text(in, "datatype", where);
        DataType type =
                DataType.fromProtocolName(typeName)
                        .orElseThrow(
                                () ->
                                        new InvalidRequestException(
                                                where
                                                        + " has unknown datatype '"
                                                        + typeName
                                                        + "'"));
        List<Long> shape = shape(in.get("shape"), where);
        Map<String, Object> params = Parameters.read(where, in.get("parameters"));
        Object size = params.get("binary_data_size");
        Tensor tensor;
        if (size != null) {
            if (!(size instanceof Long n) || n < 0) {
                throw new InvalidRequestException(
                        where + ": binary_data_size must be a non-negative integer");
            }
            if (in.has("data")) {
                throw new InvalidRequestException(where + " has both 'data' and binary_data_size");
            }
            if (n > binary.remaining()) {
                throw new InvalidRequestException(
                        where
                                + " claims "
                                + n
                                + " bytes of binary data but only "
                                + binary.remaining()
                                + " remain");
            }
            ByteBuffer slice = binary.slice(binary.position(), n.intValue());
            binary.position(binary.position() + n.intValue());
            tensor = BinaryTensors.read(name, type, shape, slice, maxElements);
        } else {
            tensor = TensorJson.read(name, type, shape, in.get("data"), maxElements);
        }
        Map<String, Object> kept = new LinkedHashMap<>(params);
        kept.remove("binary_data_size");
        return new NamedTensor(name, tensor, kept);
    }

    private static List<Long> shape(JsonNode node, String where) {
        if (node == null || !node.isArray()) {
            throw new InvalidRequestException(where + " needs a 'shape' array");
        }
        if (node.size() > 16) {
            throw new InvalidRequestException(
                    where + " has " + node.size() + " dimensions; at most 16 are allowed");
        }
        List<Long> shape = new ArrayList<>();
        for (JsonNode d : node) {
            if (!d.isIntegralNumber() || !d.canConvertToLong()) {
                throw new InvalidRequestException(
                        where + " has a non-integer dimension in its shape: " + d);
            }
            if (d.longValue() < 0) {
                throw new InvalidRequestException(
                        where + " has a negative dimension in its shape: " + d);
            }
            shape.add(d.longValue());
        }
        return shape;
    }

    private static List<RequestedOutput> outputs(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidRequestException("'outputs' must be an array");
        }
        List<RequestedOutput> out = new ArrayList<>();
        for (JsonNode o : node) {
            if (!o.isObject()) {
                throw new InvalidRequestException("each requested output must be a JSON object");
            }
            String name = text(o, "name", "output");
            Map<String, Object> params =
                    Parameters.read("output '" + name + "'", o.get("parameters"));
            if (params.containsKey("classification")) {
                throw new UnsupportedException(
                        "output '" + name + "': the classification extension is not supported");
            }
            out.add(new RequestedOutput(name, params));
        }
        return out;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new InvalidRequestException(where + " needs a string '" + field + "'");
        }
        return v.textValue();
    }
}
