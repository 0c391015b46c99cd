package dev.ferry.serving.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.grpc.GrpcInferenceClient;
import dev.ferry.client.protocol.ModelInferRequest;
import dev.ferry.client.protocol.ServerLiveRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property-based fuzzing of infer requests over REST and gRPC with seeded generators: malformed
 * JSON, wrong types, huge and negative shapes, truncated binary bodies and mismatched raw contents.
 * The server must answer every case within the timeout, never with a 5xx (nor a gRPC code other
 * than OK, INVALID_ARGUMENT and NOT_FOUND), and stay live. A failing case names its seed.
 */
class InferFuzzIT {
    private static final int CASES = 300;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Set<Status.Code> ALLOWED_CODES =
            Set.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND);
    @TempDir static Path repository;
    private static ProtocolServer server;
    private static GrpcInferenceClient grpc;
    private static HttpClient http;

    @BeforeAll
    static void start() throws IOException {
        server = ProtocolServer.start(repository);
        grpc =
                new GrpcInferenceClient(
                        "127.0.0.1", server.grpcPort(), GrpcInferenceClient.Contents.RAW, TIMEOUT);
        http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    @AfterAll
    static void stop() {
        http.close();
        grpc.close();
        server.close();
    }

    @TestFactory
    Stream<DynamicTest> jsonBodiesNeverCauseAServerError() {
        return seeds(
                "json",
                seed -> {
                    String body = new FuzzCases(new SplittableRandom(seed)).jsonBody();
                    HttpResponse<String> r =
                            post(body.getBytes(StandardCharsets.UTF_8), "application/json", null);
                    assertThat(r.statusCode()).as(body + " -> " + r.body()).isIn(200, 400, 404);
                    assertThat(r.body()).as(body).startsWith("{");
                });
    }

    @TestFactory
    Stream<DynamicTest> binaryBodiesNeverCauseAServerError() {
        return seeds(
                "binary",
                seed -> {
                    FuzzCases cases = new FuzzCases(new SplittableRandom(seed));
                    byte[] head = cases.jsonBody().getBytes(StandardCharsets.UTF_8);
                    byte[] body = new byte[head.length + cases.blockBytes()];
                    System.arraycopy(head, 0, body, 0, head.length);
                    String length = cases.headerLength(head.length);
                    HttpResponse<String> r = post(body, "application/octet-stream", length);
                    assertThat(r.statusCode())
                            .as(
                                    new String(head, StandardCharsets.UTF_8)
                                            + " / "
                                            + length
                                            + " -> "
                                            + r.body())
                            .isIn(200, 400, 404);
                });
    }

    @TestFactory
    Stream<DynamicTest> grpcRequestsNeverCauseAServerError() {
        return seeds(
                "grpc",
                seed -> {
                    ModelInferRequest request =
                            new FuzzCases(new SplittableRandom(seed)).grpcRequest();
                    Status.Code code = Status.Code.OK;
                    try {
                        grpc.stub().modelInfer(request);
                    } catch (StatusRuntimeException e) {
                        code = e.getStatus().getCode();
                    }
                    assertThat(code).as(request.toString()).isIn(ALLOWED_CODES);
                });
    }

    private static Stream<DynamicTest> seeds(String kind, Case check) {
        return Stream.concat(
                IntStream.range(0, CASES)
                        .mapToObj(
                                i ->
                                        DynamicTest.dynamicTest(
                                                kind + " seed " + i, () -> check.run(i))),
                Stream.of(
                        DynamicTest.dynamicTest(
                                "server stays live",
                                () -> {
                                    assertThat(
                                                    grpc.stub()
                                                            .serverLive(
                                                                    ServerLiveRequest
                                                                            .getDefaultInstance())
                                                            .getLive())
                                            .isTrue();
                                    assertThat(
                                                    http.send(
                                                                    HttpRequest.newBuilder(
                                                                                    URI.create(
                                                                                            server
                                                                                                            .base()
                                                                                                    + "/v2/health/live"))
                                                                            .timeout(TIMEOUT)
                                                                            .build(),
                                                                    HttpResponse.BodyHandlers
                                                                            .ofString())
                                                            .statusCode())
                                            .isEqualTo(200);
                                })));
    }

    private interface Case {
        void run(long seed) throws Exception;
    }

    private static HttpResponse<String> post(byte[] body, String type, String headerLength)
            throws IOException, InterruptedException {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(server.base() + "/v2/models/simple/infer"))
                        .timeout(TIMEOUT)
                        .header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headerLength != null) {
            b.header("Inference-Header-Content-Length", headerLength);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
