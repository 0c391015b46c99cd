package dev.ferry.serving.codec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Reads a V2 REST inference request: a JSON document, optionally followed by binary tensor data
 * (the binary tensor extension) whose JSON part is {@code Inference-Header-Content-Length} bytes.
 *
 * <p>The JSON is read as a token stream, so tensor values go straight from the body into the
 * tensor's bytes with no tree of boxed numbers in between. Only an input whose {@code data} comes
 * before its {@code datatype} or {@code shape} is buffered as a tree until both are known.
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
        ByteBuffer binary = ByteBuffer.wrap(body, jsonLength, body.length - jsonLength).slice();
        try (JsonParser p = json.getFactory().createParser(body, 0, jsonLength)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidRequestException("the request body must be a JSON object");
            }
            InferenceRequest request = request(p, binary);
            if (binary.hasRemaining()) {
                throw new InvalidRequestException(
                        binary.remaining()
                                + " bytes of binary data follow the JSON but no input claims them"
                                + " (binary_data_size)");
            }
            return request;
        } catch (JacksonException e) {
            throw new InvalidRequestException("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRequestException("unreadable request body: " + e.getMessage());
        }
    }

    private InferenceRequest request(JsonParser p, ByteBuffer binary) throws IOException {
        String id = "";
        Map<String, Object> params = Map.of();
        List<NamedTensor> tensors = null;
        List<RequestedOutput> outputs = List.of();
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "id" -> {
                    if (t == JsonToken.VALUE_STRING) {
                        id = p.getText();
                    } else if (t != JsonToken.VALUE_NULL) {
                        throw new InvalidRequestException("'id' must be a string");
                    }
                }
                case "parameters" -> params = Parameters.read("request", p);
                case "inputs" -> {
                    if (t != JsonToken.START_ARRAY) {
                        throw new InvalidRequestException("the request needs an 'inputs' array");
                    }
                    tensors = new ArrayList<>(2);
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        tensors.add(input(p, binary));
                    }
                }
                case "outputs" -> outputs = outputs(p);
                default -> p.skipChildren();
            }
        }
        if (tensors == null) {
            throw new InvalidRequestException("the request needs an 'inputs' array");
        }
        return new InferenceRequest(id, params, tensors, outputs);
    }

    private NamedTensor input(JsonParser p, ByteBuffer binary) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new InvalidRequestException("each input must be a JSON object");
        }
        String name = null;
        String typeName = null;
        List<Long> shape = null;
        Map<String, Object> params = Map.of();
        Tensor tensor = null;
        JsonNode bufferedData = null;
        boolean hasData = false;
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "name" -> name = string(p, t, "input", "name");
                case "datatype" -> typeName = string(p, t, where(name), "datatype");
                case "shape" -> shape = shape(p, t, where(name));
                case "parameters" -> params = Parameters.read(where(name), p);
                case "data" -> {
                    if (hasData) {
                        throw new InvalidRequestException(where(name) + " has 'data' twice");
                    }
                    hasData = true;
                    if (name != null && typeName != null && shape != null) {
                        tensor =
                                TensorJson.read(
                                        name, datatype(name, typeName), shape, p, maxElements);
                    } else {
                        // data before the fields that say how to read it: keep it as a tree
                        bufferedData = t == JsonToken.VALUE_NULL ? null : json.readTree(p);
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (name == null) {
            throw new InvalidRequestException("input needs a string 'name'");
        }
        String where = where(name);
        if (typeName == null) {
            throw new InvalidRequestException(where + " needs a string 'datatype'");
        }
        DataType type = datatype(name, typeName);
        if (shape == null) {
            throw new InvalidRequestException(where + " needs a 'shape' array");
        }
        Object size = params.get("binary_data_size");
        if (size != null) {
            if (!(size instanceof Long n) || n < 0) {
                throw new InvalidRequestException(
                        where + ": binary_data_size must be a non-negative integer");
            }
            if (hasData) {
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
            Map<String, Object> kept = new LinkedHashMap<>(params);
            kept.remove("binary_data_size");
            params = kept;
        } else if (tensor == null) {
            // no data at all, or data that came before datatype and shape
            tensor = TensorJson.read(name, type, shape, bufferedData, maxElements);
        }
        return new NamedTensor(name, tensor, params);
    }

    private static String where(String name) {
        return name == null ? "input" : "input '" + name + "'";
    }

    private static DataType datatype(String name, String typeName) {
        return DataType.fromProtocolName(typeName)
                .orElseThrow(
                        () ->
                                new InvalidRequestException(
                                        where(name) + " has unknown datatype '" + typeName + "'"));
    }

    private static List<Long> shape(JsonParser p, JsonToken t, String where) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw new InvalidRequestException(where + " needs a 'shape' array");
        }
        List<Long> shape = new ArrayList<>(4);
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (shape.size() == 16) {
                throw new InvalidRequestException(
                        where + " has more than 16 dimensions; at most 16 are allowed");
            }
            if (t != JsonToken.VALUE_NUMBER_INT
                    || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new InvalidRequestException(
                        where + " has a non-integer dimension in its shape: " + p.getText());
            }
            long d = p.getLongValue();
            if (d < 0) {
                throw new InvalidRequestException(
                        where + " has a negative dimension in its shape: " + d);
            }
            shape.add(d);
        }
        return shape;
    }

    private static List<RequestedOutput> outputs(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (t != JsonToken.START_ARRAY) {
            throw new InvalidRequestException("'outputs' must be an array");
        }
        List<RequestedOutput> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new InvalidRequestException("each requested output must be a JSON object");
            }
            String name = null;
            Map<String, Object> params = Map.of();
            String field;
            while ((field = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                switch (field) {
                    case "name" -> name = string(p, v, "output", "name");
                    case "parameters" ->
                            params =
                                    Parameters.read(
                                            name == null ? "output" : "output '" + name + "'", p);
                    default -> p.skipChildren();
                }
            }
            if (name == null) {
                throw new InvalidRequestException("output needs a string 'name'");
            }
            if (params.containsKey("classification")) {
                throw new UnsupportedException(
                        "output '" + name + "': the classification extension is not supported");
            }
            out.add(new RequestedOutput(name, params));
        }
        return out;
    }

    private static String string(JsonParser p, JsonToken t, String where, String field)
            throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new InvalidRequestException(where + " needs a string '" + field + "'");
        }
        return p.getText();
    }
}
