package dev.ferry.serving.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.serving.InvalidRequestException;
import dev.ferry.serving.ModelFailedException;
import dev.ferry.serving.ServingException;
import dev.ferry.serving.UnavailableException;
import dev.ferry.serving.codec.V2RequestReader;
import dev.ferry.serving.codec.V2ResponseWriter;
import dev.ferry.serving.inference.InferenceRequest;
import dev.ferry.serving.inference.InferenceResponse;
import dev.ferry.serving.inference.InferenceService;
import dev.ferry.serving.inference.ModelMetadata;
import dev.ferry.serving.inference.ModelTarget;
import dev.ferry.serving.inference.Protocol;
import dev.ferry.serving.inference.RepositoryEntry;
import dev.ferry.serving.inference.ServerMetadata;
import dev.ferry.serving.metrics.ServingMetrics;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The REST routes: each handler maps one endpoint onto {@link InferenceService}. */
final class RestRoutes {
    static final HeaderName HEADER_LENGTH = HeaderNames.create("Inference-Header-Content-Length");

    /** The response header naming the deployment's predictor that answered. */
    static final HeaderName PREDICTOR = HeaderNames.create("Ferry-Predictor");

    private static final Logger LOG = LoggerFactory.getLogger(RestRoutes.class);
    private static final String JSON = "application/json";

    private final InferenceService service;
    private final ServingMetrics metrics;
    private final V2RequestReader reader;
    private final V2ResponseWriter writer;
    private final ObjectMapper json;
    private final long maxRequestBytes;

    RestRoutes(
            InferenceService service,
            ServingMetrics metrics,
            V2RequestReader reader,
            V2ResponseWriter writer,
            ObjectMapper json,
            long maxRequestBytes) {
        this.service = service;
        this.metrics = metrics;
        this.reader = reader;
        this.writer = writer;
        this.json = json;
        this.maxRequestBytes = maxRequestBytes;
    }

    void register(HttpRouting.Builder r) {
        // Routes are matched in order: the infer routes come first because nearly every request is
        // one, and each route passed over costs a path-template match.
        r.post("/v2/models/{model}/infer", (req, res) -> infer(req, res))
                .post("/v2/models/{model}/versions/{version}/infer", (req, res) -> infer(req, res))
                .get(
                        "/v2/health/live",
                        (req, res) -> status(res, service.live(), "live", "the server is not live"))
                .get(
                        "/v2/health/ready",
                        (req, res) ->
                                status(res, service.ready(), "ready", "the server is not ready"))
                .get("/v2", (req, res) -> serverMetadata(res))
                .get("/v2/", (req, res) -> serverMetadata(res))
                .get("/v2/models/{model}", (req, res) -> modelMetadata(req, res))
                .get("/v2/models/{model}/versions/{version}", (req, res) -> modelMetadata(req, res))
                .get("/v2/models/{model}/ready", (req, res) -> modelReady(req, res))
                .get(
                        "/v2/models/{model}/versions/{version}/ready",
                        (req, res) -> modelReady(req, res))
                .post("/v2/repository/index", (req, res) -> index(req, res))
                .post("/v2/repository/models/{model}/load", (req, res) -> load(req, res, true))
                .post("/v2/repository/models/{model}/unload", (req, res) -> load(req, res, false))
                .get("/metrics", (req, res) -> metrics(res))
                .error(ServingException.class, (req, res, e) -> error(res, e))
                .error(Exception.class, (req, res, e) -> bug(res, e))
                .any(
                        (req, res) ->
                                error(
                                        res,
                                        404,
                                        "no endpoint "
                                                + req.prologue().method().text()
                                                + " "
                                                + req.path().path()));
    }

    private static ModelTarget target(ServerRequest req) {
        var params = req.path().pathParameters();
        return new ModelTarget(params.get("model"), params.first("version").orElse(""));
    }

    private void infer(ServerRequest req, ServerResponse res) {
        ModelTarget target = target(req);
        InferenceRequest request;
        try {
            OptionalInt headerLength = OptionalInt.empty();
            Optional<String> h = req.headers().first(HEADER_LENGTH);
            if (h.isPresent()) {
                try {
                    headerLength = OptionalInt.of(Integer.parseInt(h.get().trim()));
                } catch (NumberFormatException e) {
                    throw new InvalidRequestException(
                            "Inference-Header-Content-Length must be an integer, got '"
                                    + h.get()
                                    + "'");
                }
            }
            request = reader.read(body(req), headerLength);
        } catch (ServingException e) {
            service.rejected(target, Protocol.REST, e);
            throw e;
        }
        request = withRoutingHeader(req, target, request);
        InferenceResponse response = service.infer(target, request, Protocol.REST);
        Object predictor = response.parameters().get("predictor");
        if (predictor != null) {
            res.header(PREDICTOR, predictor.toString());
        }
        V2ResponseWriter.Encoded encoded = writer.write(response, request);
        if (encoded.binary()) {
            res.header(HEADER_LENGTH, Integer.toString(encoded.jsonLength()));
            res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
        } else {
            res.header(HeaderNames.CONTENT_TYPE, JSON);
        }
        res.send(encoded.body());
    }

    /**
     * Copies a deployment's sticky header into the request's parameters, unless the body already
     * names the key, so the router sees one place for it.
     */
    private InferenceRequest withRoutingHeader(
            ServerRequest req, ModelTarget target, InferenceRequest request) {
        Optional<String> header = service.routingHeader(target.name());
        if (header.isEmpty() || request.parameters().containsKey(header.get())) {
            return request;
        }
        Optional<String> value = req.headers().first(HeaderNames.create(header.get()));
        if (value.isEmpty()) {
            return request;
        }
        java.util.Map<String, Object> params = new java.util.HashMap<>(request.parameters());
        params.put(header.get(), value.get());
        return new InferenceRequest(request.id(), params, request.inputs(), request.outputs());
    }

    private byte[] body(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > maxRequestBytes) {
            throw new InvalidRequestException(
                    "request body is larger than " + maxRequestBytes + " bytes");
        }
        try (InputStream in = req.content().inputStream()) {
            if (declared >= 0) {
                // The usual case: read exactly the declared length, with no chunk copies.
                byte[] body = in.readNBytes((int) declared);
                if (body.length < declared) {
                    throw new InvalidRequestException(
                            "the request body ended after "
                                    + body.length
                                    + " of "
                                    + declared
                                    + " bytes");
                }
                return body;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[16384];
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (out.size() + (long) n > maxRequestBytes) {
                    throw new InvalidRequestException(
                            "request body is larger than " + maxRequestBytes + " bytes");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new InvalidRequestException("could not read the request body: " + e.getMessage());
        }
    }

    private void serverMetadata(ServerResponse res) {
        ServerMetadata m = service.serverMetadata();
        send(
                res,
                200,
                g -> {
                    g.writeStartObject();
                    g.writeStringField("name", m.name());
                    g.writeStringField("version", m.version());
                    g.writeArrayFieldStart("extensions");
                    for (String e : m.extensions()) {
                        g.writeString(e);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                });
    }

    private void modelMetadata(ServerRequest req, ServerResponse res) {
        ModelMetadata m = service.modelMetadata(target(req));
        send(
                res,
                200,
                g -> {
                    g.writeStartObject();
                    g.writeStringField("name", m.name());
                    g.writeArrayFieldStart("versions");
                    for (String v : m.versions()) {
                        g.writeString(v);
                    }
                    g.writeEndArray();
                    g.writeStringField("platform", m.platform());
                    writeSpecs(g, "inputs", m.inputs());
                    writeSpecs(g, "outputs", m.outputs());
                    g.writeEndObject();
                });
    }

    private static void writeSpecs(JsonGenerator g, String field, java.util.List<TensorSpec> specs)
            throws IOException {
        g.writeArrayFieldStart(field);
        for (TensorSpec s : specs) {
            g.writeStartObject();
            g.writeStringField("name", s.name());
            g.writeStringField("datatype", s.datatype().name());
            g.writeArrayFieldStart("shape");
            for (long d : s.shape()) {
                g.writeNumber(d);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void modelReady(ServerRequest req, ServerResponse res) {
        ModelTarget target = target(req);
        if (!service.modelReady(target)) {
            throw new UnavailableException(target + " is not ready");
        }
        send(
                res,
                200,
                g -> {
                    g.writeStartObject();
                    g.writeStringField("name", target.name());
                    g.writeBooleanField("ready", true);
                    g.writeEndObject();
                });
    }

    private void index(ServerRequest req, ServerResponse res) {
        boolean readyOnly = false;
        byte[] body = body(req);
        if (body.length > 0) {
            JsonNode node = parse(body);
            JsonNode ready = node.get("ready");
            if (ready != null && !ready.isBoolean()) {
                throw new InvalidRequestException("'ready' must be true or false");
            }
            readyOnly = ready != null && ready.booleanValue();
        }
        var entries = service.repositoryIndex(readyOnly);
        send(
                res,
                200,
                g -> {
                    g.writeStartArray();
                    for (RepositoryEntry e : entries) {
                        g.writeStartObject();
                        g.writeStringField("name", e.name());
                        g.writeStringField("version", e.version());
                        g.writeStringField("state", e.state().name());
                        g.writeStringField("reason", e.reason());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                });
    }

    private void load(ServerRequest req, ServerResponse res, boolean load) {
        byte[] body = body(req);
        if (body.length > 0) {
            JsonNode params = parse(body).get("parameters");
            if (params != null && params.has("config")) {
                throw new dev.ferry.serving.UnsupportedException(
                        "loading with a configuration override is not supported");
            }
        }
        String model = req.path().pathParameters().get("model");
        if (load) {
            service.load(model);
        } else {
            service.unload(model);
        }
        send(
                res,
                200,
                g -> {
                    g.writeStartObject();
                    g.writeEndObject();
                });
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new InvalidRequestException("the request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidRequestException("malformed JSON: " + e.getMessage());
        }
    }

    private void metrics(ServerResponse res) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        metrics.write(out);
        res.header(HeaderNames.CONTENT_TYPE, metrics.contentType());
        res.send(out.toByteArray());
    }

    private void status(ServerResponse res, boolean ok, String field, String failure) {
        if (!ok) {
            throw new UnavailableException(failure);
        }
        send(
                res,
                200,
                g -> {
                    g.writeStartObject();
                    g.writeBooleanField(field, true);
                    g.writeEndObject();
                });
    }

    private void error(ServerResponse res, ServingException e) {
        error(res, e.kind().httpStatus(), e.getMessage());
    }

    private void bug(ServerResponse res, Exception e) {
        LOG.error("internal error while serving a request", e);
        error(res, 500, new ModelFailedException("internal error: " + e).getMessage());
    }

    private void error(ServerResponse res, int status, String message) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, JSON);
        res.send(writer.writeError(message));
    }

    private void send(ServerResponse res, int status, JsonBody body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, JSON);
        res.send(out.toByteArray());
    }

    /** Writes a JSON body. */
    @FunctionalInterface
    private interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }
}
