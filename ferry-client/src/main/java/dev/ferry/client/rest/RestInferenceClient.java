package dev.ferry.client.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.Tensor;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.client.Failure;
import dev.ferry.client.InferRequest;
import dev.ferry.client.InferResponse;
import dev.ferry.client.InferenceClient;
import dev.ferry.client.InferenceClientException;
import dev.ferry.client.ModelMetadata;
import dev.ferry.client.ModelTarget;
import dev.ferry.client.RepositoryEntry;
import dev.ferry.client.ServerMetadata;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/**
 * V2 client over HTTP/1.1 with the JDK's HttpClient; sends tensors as JSON or with the binary
 * tensor extension, and offers the model repository extension.
 */
public final class RestInferenceClient implements InferenceClient {
    static final String HEADER_LENGTH = "Inference-Header-Content-Length";

    /** How tensors travel: JSON arrays, or binary blocks after a JSON header. */
    public enum Encoding {
        JSON,
        BINARY
    }

    private final URI base;
    private final Encoding encoding;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * A client for the server at {@code base} (e.g. {@code http://127.0.0.1:8000}); each call fails
     * after {@code timeout}.
     */
    public RestInferenceClient(URI base, Encoding encoding, Duration timeout) {
        this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
        this.encoding = encoding;
        this.timeout = timeout;
        this.http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(timeout)
                        .build();
    }

    /** A JSON client with a 30 s timeout. */
    public static RestInferenceClient json(URI base) {
        return new RestInferenceClient(base, Encoding.JSON, Duration.ofSeconds(30));
    }

    /** A binary-extension client with a 30 s timeout. */
    public static RestInferenceClient binary(URI base) {
        return new RestInferenceClient(base, Encoding.BINARY, Duration.ofSeconds(30));
    }

    @Override
    public boolean live() {
        return probe("v2/health/live");
    }

    @Override
    public boolean ready() {
        return probe("v2/health/ready");
    }

    @Override
    public boolean modelReady(ModelTarget model) {
        return probe(modelPath(model) + "/ready");
    }

    @Override
    public ServerMetadata serverMetadata() {
        JsonNode body = parse(send(get("v2")));
        List<String> extensions = new ArrayList<>();
        body.path("extensions").forEach(e -> extensions.add(e.asText()));
        return new ServerMetadata(
                body.path("name").asText(), body.path("version").asText(), extensions);
    }

    @Override
    public ModelMetadata modelMetadata(ModelTarget model) {
        JsonNode body = parse(send(get(modelPath(model))));
        List<String> versions = new ArrayList<>();
        body.path("versions").forEach(v -> versions.add(v.asText()));
        return new ModelMetadata(
                body.path("name").asText(),
                versions,
                body.path("platform").asText(),
                specs(body.path("inputs")),
                specs(body.path("outputs")));
    }

    @Override
    public InferResponse infer(InferRequest request) {
        ObjectNode header = json.createObjectNode();
        if (!request.id().isEmpty()) {
            header.put("id", request.id());
        }
        List<byte[]> blocks = new ArrayList<>();
        ArrayNode inputs = header.putArray("inputs");
        request.inputs()
                .forEach(
                        (name, t) -> {
                            ObjectNode input = inputs.addObject();
                            input.put("name", name).put("datatype", t.datatype().name());
                            ArrayNode shape = input.putArray("shape");
                            t.shape().forEach(shape::add);
                            if (encoding == Encoding.BINARY) {
                                byte[] raw = new byte[t.byteSize()];
                                t.data().get(raw);
                                input.putObject("parameters").put("binary_data_size", raw.length);
                                blocks.add(raw);
                            } else {
                                input.set("data", JsonTensors.toJson(t));
                            }
                        });
        if (!request.outputs().isEmpty()) {
            ArrayNode outputs = header.putArray("outputs");
            request.outputs().forEach(o -> outputs.addObject().put("name", o));
        }
        HttpRequest.Builder post = request(modelPath(request.model()) + "/infer");
        if (encoding == Encoding.BINARY) {
            header.putObject("parameters").put("binary_data_output", true);
            byte[] head = bytes(header);
            post.header(HEADER_LENGTH, Integer.toString(head.length))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArrays(prepend(head, blocks)));
        } else {
            post.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(header)));
        }
        HttpResponse<byte[]> response = send(post.build());
        return readInferResponse(response);
    }

    /** The repository index: every model version the server knows, with its state. */
    public List<RepositoryEntry> repositoryIndex() {
        JsonNode body =
                parse(
                        send(
                                request("v2/repository/index")
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                        .build()));
        List<RepositoryEntry> entries = new ArrayList<>();
        body.forEach(
                e ->
                        entries.add(
                                new RepositoryEntry(
                                        e.path("name").asText(),
                                        e.path("version").asText(),
                                        e.path("state").asText(),
                                        e.path("reason").asText())));
        return entries;
    }

    /** Loads (or reloads) a model through the repository extension. */
    public void load(String model) {
        repositoryAction(model, "load");
    }

    /** Unloads a model through the repository extension. */
    public void unload(String model) {
        repositoryAction(model, "unload");
    }

    private void repositoryAction(String model, String action) {
        send(
                request("v2/repository/models/" + encode(model) + "/" + action)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build());
    }

    private InferResponse readInferResponse(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        int headLength =
                response.headers()
                        .firstValue(HEADER_LENGTH)
                        .map(Integer::parseInt)
                        .orElse(body.length);
        JsonNode head = parse(body, 0, headLength);
        int offset = headLength;
        SequencedMap<String, Tensor> outputs = new LinkedHashMap<>();
        for (JsonNode out : head.path("outputs")) {
            String name = out.path("name").asText();
            DataType datatype = datatype(out.path("datatype").asText());
            List<Long> shape = new ArrayList<>();
            out.path("shape").forEach(d -> shape.add(d.asLong()));
            JsonNode size = out.path("parameters").path("binary_data_size");
            Tensor tensor;
            if (size.isNumber()) {
                int n = size.asInt();
                if (n < 0 || offset + n > body.length) {
                    throw new InferenceClientException(
                            Failure.OTHER,
                            "",
                            "output '%s' claims %d binary bytes but the body ends first"
                                    .formatted(name, n));
                }
                tensor = new Tensor(datatype, shape, ByteBuffer.wrap(body, offset, n));
                offset += n;
            } else {
                tensor = JsonTensors.fromJson(datatype, shape, out.path("data"));
            }
            outputs.put(name, tensor);
        }
        return new InferResponse(
                head.path("model_name").asText(),
                head.path("model_version").asText(),
                head.path("id").asText(),
                outputs,
                parameters(head.path("parameters")));
    }

    /**
     * Protocol parameters as Boolean, Long, Double or String; anything else (the protocol allows
     * only those) keeps its JSON text rather than failing the call.
     */
    private static SequencedMap<String, Object> parameters(JsonNode params) {
        SequencedMap<String, Object> out = new LinkedHashMap<>();
        params.properties()
                .forEach(
                        e -> {
                            JsonNode v = e.getValue();
                            Object value;
                            if (v.isBoolean()) {
                                value = v.booleanValue();
                            } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                                value = v.longValue();
                            } else if (v.isNumber()) {
                                value = v.doubleValue();
                            } else if (v.isTextual()) {
                                value = v.textValue();
                            } else {
                                value = v.toString();
                            }
                            out.put(e.getKey(), value);
                        });
        return out;
    }

    private boolean probe(String path) {
        HttpResponse<byte[]> response = exchange(get(path));
        return switch (response.statusCode()) {
            case 200 -> true;
            case 503 -> false;
            default -> throw failure(response);
        };
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
    }

    private static String modelPath(ModelTarget model) {
        String path = "v2/models/" + encode(model.name());
        return model.hasVersion() ? path + "/versions/" + encode(model.version()) : path;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        HttpResponse<byte[]> response = exchange(request);
        if (response.statusCode() != 200) {
            throw failure(response);
        }
        return response;
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new InferenceClientException(
                    "cannot reach the inference server at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceClientException("interrupted while calling " + request.uri(), e);
        }
    }

    private InferenceClientException failure(HttpResponse<byte[]> response) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        String message = text;
        try {
            JsonNode error = json.readTree(text).path("error");
            if (error.isTextual()) {
                message = error.asText();
            }
        } catch (IOException notJson) {
            // the raw body is the most useful message we have
        }
        int status = response.statusCode();
        return new InferenceClientException(
                Failure.ofHttp(status),
                Integer.toString(status),
                "%s %s answered %d: %s"
                        .formatted(
                                response.request().method(),
                                response.request().uri(),
                                status,
                                message));
    }

    private static List<TensorSpec> specs(JsonNode tensors) {
        List<TensorSpec> specs = new ArrayList<>();
        for (JsonNode t : tensors) {
            List<Long> shape = new ArrayList<>();
            t.path("shape").forEach(d -> shape.add(d.asLong()));
            specs.add(
                    new TensorSpec(
                            t.path("name").asText(), datatype(t.path("datatype").asText()), shape));
        }
        return specs;
    }

    private static DataType datatype(String name) {
        return DataType.fromProtocolName(name)
                .orElseThrow(
                        () ->
                                new InferenceClientException(
                                        Failure.OTHER,
                                        "",
                                        "the server sent an unknown datatype '" + name + "'"));
    }

    private JsonNode parse(HttpResponse<byte[]> response) {
        return parse(response.body(), 0, response.body().length);
    }

    private JsonNode parse(byte[] body, int offset, int length) {
        try {
            return json.readTree(body, offset, length);
        } catch (IOException e) {
            throw new InferenceClientException(
                    Failure.OTHER,
                    "",
                    "the server sent a body that is not JSON: " + e.getMessage());
        }
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e);
        }
    }

    private static List<byte[]> prepend(byte[] head, List<byte[]> blocks) {
        List<byte[]> all = new ArrayList<>(blocks.size() + 1);
        all.add(head);
        all.addAll(blocks);
        return all;
    }

    @Override
    public void close() {
        http.close();
    }
}
