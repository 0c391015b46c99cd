package dev.ferry.client.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ferry.api.model.Tensor;
import dev.ferry.client.InferRequest;
import dev.ferry.client.InferResponse;
import dev.ferry.client.ModelTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client reads a response's protocol parameters, in JSON and binary answers alike. */
class RestResponseParametersTest {
    private HttpServer server;
    private final AtomicReference<byte[]> body = new AtomicReference<>();
    private final AtomicReference<Integer> headerLength = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/v2/models/",
                exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    byte[] answer = body.get();
                    if (headerLength.get() != null) {
                        exchange.getResponseHeaders()
                                .add(
                                        "Inference-Header-Content-Length",
                                        Integer.toString(headerLength.get()));
                    }
                    exchange.sendResponseHeaders(200, answer.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer);
                    }
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static InferRequest request() {
        return InferRequest.of(
                ModelTarget.of("mnist"), Map.of("x", Tensor.ofFloats(new long[] {1}, 1f)));
    }

    @Test
    void theJsonClientSeesWhichPredictorAnswered() {
        body.set(
                """
                {"model_name":"mnist","model_version":"2","id":"",
                 "parameters":{"predictor":"canary","model":"mnist","batched":true,
                               "count":3,"ratio":0.25},
                 "outputs":[{"name":"y","datatype":"FP32","shape":[1],"data":[0.5]}]}
                """
                        .getBytes(StandardCharsets.UTF_8));
        try (RestInferenceClient client = RestInferenceClient.json(base())) {
            InferResponse r = client.infer(request());

            assertThat(r.predictor()).hasValue("canary");
            assertThat(r.parameters())
                    .containsExactly(
                            Map.entry("predictor", "canary"),
                            Map.entry("model", "mnist"),
                            Map.entry("batched", true),
                            Map.entry("count", 3L),
                            Map.entry("ratio", 0.25));
            assertThat(r.output("y").toFloatArray()).containsExactly(0.5f);
        }
    }

    @Test
    void theBinaryClientReadsParametersFromTheJsonHeader() {
        byte[] head =
                """
                {"model_name":"mnist","model_version":"1","parameters":{"predictor":"stable"},
                 "outputs":[{"name":"y","datatype":"FP32","shape":[1],
                             "parameters":{"binary_data_size":4}}]}
                """
                        .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head);
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(2f).array());
        body.set(out.toByteArray());
        headerLength.set(head.length);
        try (RestInferenceClient client = RestInferenceClient.binary(base())) {
            InferResponse r = client.infer(request());

            assertThat(r.predictor()).hasValue("stable");
            assertThat(r.output("y").toFloatArray()).containsExactly(2f);
        }
    }

    @Test
    void aResponseWithoutParametersHasNoPredictor() {
        body.set(
                """
                {"model_name":"mnist","model_version":"1",
                 "outputs":[{"name":"y","datatype":"FP32","shape":[1],"data":[1]}]}
                """
                        .getBytes(StandardCharsets.UTF_8));
        try (RestInferenceClient client = RestInferenceClient.json(base())) {
            InferResponse r = client.infer(request());

            assertThat(r.parameters()).isEmpty();
            assertThat(r.predictor()).isEmpty();
        }
    }
}
