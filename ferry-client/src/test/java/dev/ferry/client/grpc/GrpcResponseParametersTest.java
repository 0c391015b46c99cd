package dev.ferry.client.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.model.Tensor;
import dev.ferry.client.InferRequest;
import dev.ferry.client.InferResponse;
import dev.ferry.client.ModelTarget;
import dev.ferry.client.protocol.GRPCInferenceServiceGrpc;
import dev.ferry.client.protocol.InferParameter;
import dev.ferry.client.protocol.InferTensorContents;
import dev.ferry.client.protocol.ModelInferRequest;
import dev.ferry.client.protocol.ModelInferResponse;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gRPC client reads a response's protocol parameters of every type. */
class GrpcResponseParametersTest {
    private Server server;

    /** Answers every call with one output and one parameter of each protocol type. */
    private static final class Answering
            extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
        @Override
        public void modelInfer(
                ModelInferRequest request, StreamObserver<ModelInferResponse> observer) {
            observer.onNext(
                    ModelInferResponse.newBuilder()
                            .setModelName(request.getModelName())
                            .setModelVersion("2")
                            .putParameters(
                                    "predictor",
                                    InferParameter.newBuilder().setStringParam("canary").build())
                            .putParameters(
                                    "batched",
                                    InferParameter.newBuilder().setBoolParam(true).build())
                            .putParameters(
                                    "count", InferParameter.newBuilder().setInt64Param(3).build())
                            .putParameters(
                                    "big", InferParameter.newBuilder().setUint64Param(7).build())
                            .putParameters(
                                    "ratio",
                                    InferParameter.newBuilder().setDoubleParam(0.25).build())
                            .putParameters("empty", InferParameter.getDefaultInstance())
                            .addOutputs(
                                    ModelInferResponse.InferOutputTensor.newBuilder()
                                            .setName("y")
                                            .setDatatype("FP32")
                                            .addShape(1)
                                            .setContents(
                                                    InferTensorContents.newBuilder()
                                                            .addFp32Contents(0.5f)))
                            .build());
            observer.onCompleted();
        }
    }

    @BeforeEach
    void start() throws IOException {
        server =
                Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                        .addService(new Answering())
                        .build()
                        .start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void theClientSeesWhichPredictorAnsweredAndEveryParameterType() {
        try (GrpcInferenceClient client =
                GrpcInferenceClient.typed("127.0.0.1", server.getPort())) {
            InferResponse r =
                    client.infer(
                            InferRequest.of(
                                    ModelTarget.of("mnist"),
                                    Map.of("x", Tensor.ofFloats(new long[] {1}, 1f))));

            assertThat(r.predictor()).hasValue("canary");
            assertThat(r.parameters())
                    .containsExactly(
                            Map.entry("batched", true),
                            Map.entry("big", 7L),
                            Map.entry("count", 3L),
                            Map.entry("predictor", "canary"),
                            Map.entry("ratio", 0.25));
            assertThat(r.output("y").toFloatArray()).containsExactly(0.5f);
        }
    }
}
