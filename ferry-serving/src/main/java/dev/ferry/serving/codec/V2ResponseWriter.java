package dev.ferry.serving.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.model.Tensor;
import dev.ferry.serving.inference.InferenceRequest;
import dev.ferry.serving.inference.InferenceResponse;
import dev.ferry.serving.inference.NamedTensor;
import dev.ferry.serving.inference.RequestedOutput;
import dev.ferry.serving.tensor.TensorJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes V2 REST documents: inference responses (JSON, or JSON followed by binary outputs), and
 * requests as JSON for inference events.
 */
public final class V2ResponseWriter {
    private final ObjectMapper json;

    /** A writer using {@code json}'s factory. */
    public V2ResponseWriter(ObjectMapper json) {
        this.json = json;
    }

    /** A written response: the body and, when binary outputs follow, the JSON part's length. */
    public record Encoded(byte[] body, int jsonLength, boolean binary) {}

    /**
     * Encodes a response; an output goes binary when it asks for {@code binary_data}, or else when
     * the request sets {@code binary_data_output}.
     */
    public Encoded write(InferenceResponse response, InferenceRequest request) {
        boolean allBinary = Parameters.flag(request.parameters(), "binary_data_output", false);
        List<Tensor> binary = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model_name", response.modelName());
            g.writeStringField("model_version", response.modelVersion());
            if (!response.id().isEmpty()) {
                g.writeStringField("id", response.id());
            }
            writeParameters(g, response.parameters());
            g.writeArrayFieldStart("outputs");
            for (NamedTensor o : response.outputs()) {
                boolean asBinary =
                        Parameters.flag(requested(request, o.name()), "binary_data", allBinary);
                writeTensorHeader(g, o);
                if (asBinary) {
                    g.writeObjectFieldStart("parameters");
                    g.writeNumberField("binary_data_size", o.tensor().byteSize());
                    g.writeEndObject();
                    binary.add(o.tensor());
                } else {
                    writeParameters(g, o.parameters());
                    g.writeFieldName("data");
                    TensorJson.write(g, o.tensor());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int jsonLength = out.size();
        for (Tensor t : binary) {
            var data = t.data();
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            out.writeBytes(chunk);
        }
        return new Encoded(out.toByteArray(), jsonLength, !binary.isEmpty());
    }

    /** Encodes a request as plain JSON (binary inputs inlined as data), for events and logs. */
    public byte[] writeRequest(InferenceRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            if (!request.id().isEmpty()) {
                g.writeStringField("id", request.id());
            }
            writeParameters(g, request.parameters());
            g.writeArrayFieldStart("inputs");
            for (NamedTensor in : request.inputs()) {
                writeTensorHeader(g, in);
                writeParameters(g, in.parameters());
                g.writeFieldName("data");
                TensorJson.write(g, in.tensor());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (!request.outputs().isEmpty()) {
                g.writeArrayFieldStart("outputs");
                for (RequestedOutput o : request.outputs()) {
                    g.writeStartObject();
                    g.writeStringField("name", o.name());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Encodes a response as plain JSON with every output inlined. */
    public byte[] writeJson(InferenceResponse response) {
        return write(response, new InferenceRequest("", Map.of(), List.of(), List.of())).body();
    }

    /** The protocol's error document, {@code {"error": "..."}}. */
    public byte[] writeError(String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + message.length());
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeTensorHeader(JsonGenerator g, NamedTensor t) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", t.name());
        g.writeStringField("datatype", t.tensor().datatype().name());
        g.writeArrayFieldStart("shape");
        for (long d : t.tensor().shape()) {
            g.writeNumber(d);
        }
        g.writeEndArray();
    }

    private static Map<String, Object> requested(InferenceRequest request, String name) {
        for (RequestedOutput o : request.outputs()) {
            if (o.name().equals(name)) {
                return o.parameters();
            }
        }
        return Map.of();
    }

    private static void writeParameters(JsonGenerator g, Map<String, Object> params)
            throws IOException {
        if (params.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("parameters");
        for (var e : params.entrySet()) {
            g.writeFieldName(e.getKey());
            switch (e.getValue()) {
                case Boolean b -> g.writeBoolean(b);
                case Long l -> g.writeNumber(l);
                case Integer i -> g.writeNumber(i);
                case Double d -> g.writeNumber(d);
                default -> g.writeString(String.valueOf(e.getValue()));
            }
        }
        g.writeEndObject();
    }
}
