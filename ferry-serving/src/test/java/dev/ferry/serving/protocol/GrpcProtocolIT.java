package dev.ferry.serving.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ferry.client.grpc.GrpcInferenceClient;
import dev.ferry.client.protocol.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import dev.ferry.client.protocol.InferTensorContents;
import dev.ferry.client.protocol.ModelInferRequest;
import dev.ferry.client.protocol.ModelInferRequest.InferInputTensor;
import dev.ferry.client.protocol.ModelInferResponse;
import dev.ferry.client.protocol.ModelReadyRequest;
import dev.ferry.client.protocol.ServerLiveRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC side of the spec where the typed client cannot go: hand-built messages with contents in
 * the wrong field, counts that disagree with the shape, raw contents that do not match, and bad
 * shapes; each answers the status code REST's mapping gives.
 */
class GrpcProtocolIT {
    @TempDir static Path repository;
    static ProtocolServer server;
    static GrpcInferenceClient client;

    @BeforeAll
    static void start() throws Exception {
        server = ProtocolServer.start(repository);
        client =
                new GrpcInferenceClient(
                        "127.0.0.1",
                        server.grpcPort(),
                        GrpcInferenceClient.Contents.RAW,
                        ProtocolServer.TIMEOUT);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static GRPCInferenceServiceBlockingStub stub() {
        return client.stub();
    }

    @Test
    void answersTypedRequestsWithTypedOutputsAndRawWithRaw() {
        ModelInferResponse typed = stub().modelInfer(valid().build());
        assertThat(typed.getRawOutputContentsCount()).isZero();
        assertThat(typed.getOutputs(0).getContents().getIntContents(2)).isEqualTo(2 + 2);

        ModelInferRequest.Builder raw = valid();
        for (int i = 0; i < 2; i++) {
            raw.getInputsBuilder(i).clearContents();
            raw.addRawInputContents(ByteString.copyFrom(new byte[64]));
        }
        ModelInferResponse answer = stub().modelInfer(raw.build());
        assertThat(answer.getRawOutputContentsCount()).isEqualTo(2);
        assertThat(answer.getRawOutputContents(0).size()).isEqualTo(64);
        assertThat(answer.getOutputs(0).hasContents()).isFalse();
    }

    @Test
    void rejectsContentsInTheFieldOfAnotherDatatype() {
        expect(
                r ->
                        r.setInputs(
                                0,
                                input("INPUT0", 1, 16)
                                        .setContents(
                                                InferTensorContents.newBuilder()
                                                        .addAllFp32Contents(
                                                                IntStream.range(0, 16)
                                                                        .mapToObj(i -> 1f)
                                                                        .toList()))),
                Status.Code.INVALID_ARGUMENT,
                "int_contents");
    }

    @Test
    void rejectsAWrongDatatypeAndAnUnknownOne() {
        expect(
                r -> r.setInputs(0, r.getInputs(0).toBuilder().setDatatype("FP32")),
                Status.Code.INVALID_ARGUMENT,
                "INPUT0");
        expect(
                r -> r.setInputs(0, r.getInputs(0).toBuilder().setDatatype("INT99")),
                Status.Code.INVALID_ARGUMENT,
                "INT99");
    }

    @Test
    void rejectsAnElementCountThatDoesNotFillTheShape() {
        expect(
                r -> r.setInputs(0, r.getInputs(0).toBuilder().setContents(ints(15))),
                Status.Code.INVALID_ARGUMENT,
                "INPUT0");
        expect(
                r -> r.setInputs(1, r.getInputs(1).toBuilder().setContents(ints(17))),
                Status.Code.INVALID_ARGUMENT,
                "INPUT1");
    }

    @Test
    void rejectsNegativeAndOverflowingDimensions() {
        expect(
                r ->
                        r.setInputs(
                                0,
                                r.getInputs(0).toBuilder()
                                        .clearShape()
                                        .addAllShape(List.of(-1L, 16L))),
                Status.Code.INVALID_ARGUMENT,
                "INPUT0");
        expect(
                r ->
                        r.setInputs(
                                0,
                                r.getInputs(0).toBuilder()
                                        .clearShape()
                                        .addAllShape(List.of(Long.MAX_VALUE, 16L))),
                Status.Code.INVALID_ARGUMENT,
                "INPUT0");
    }

    @Test
    void rejectsRawContentsThatDoNotMatchTheInputs() {
        ModelInferRequest.Builder oneRaw = valid();
        oneRaw.getInputsBuilder(0).clearContents();
        oneRaw.addRawInputContents(ByteString.copyFrom(new byte[64]));
        expectCode(oneRaw.build(), Status.Code.INVALID_ARGUMENT, "raw_input_contents");

        ModelInferRequest.Builder shortRaw = valid();
        for (int i = 0; i < 2; i++) {
            shortRaw.getInputsBuilder(i).clearContents();
            shortRaw.addRawInputContents(ByteString.copyFrom(new byte[60]));
        }
        expectCode(shortRaw.build(), Status.Code.INVALID_ARGUMENT, "INPUT0");

        ModelInferRequest.Builder both = valid();
        both.addRawInputContents(ByteString.copyFrom(new byte[64]));
        both.addRawInputContents(ByteString.copyFrom(new byte[64]));
        expectCode(both.build(), Status.Code.INVALID_ARGUMENT, "INPUT0");
    }

    @Test
    void rejectsAnUnknownOrMissingInputAndABadOutputList() {
        expect(
                r -> r.setInputs(1, r.getInputs(1).toBuilder().setName("INPUT9")),
                Status.Code.INVALID_ARGUMENT,
                "INPUT");
        expect(r -> r.removeInputs(1), Status.Code.INVALID_ARGUMENT, "INPUT1");
        expect(
                r ->
                        r.addOutputs(
                                ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                                        .setName("OUTPUT7")),
                Status.Code.INVALID_ARGUMENT,
                "OUTPUT7");
        expect(
                r ->
                        r.addOutputs(
                                        ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                                                .setName("OUTPUT0"))
                                .addOutputs(
                                        ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                                                .setName("OUTPUT0")),
                Status.Code.INVALID_ARGUMENT,
                "OUTPUT0");
    }

    @Test
    void rejectsABatchOverMaxBatchSize() {
        expect(
                r -> {
                    for (int i = 0; i < 2; i++) {
                        r.setInputs(
                                i,
                                r.getInputs(i).toBuilder()
                                        .clearShape()
                                        .addAllShape(List.of(9L, 16L))
                                        .setContents(ints(9 * 16)));
                    }
                    return r;
                },
                Status.Code.INVALID_ARGUMENT,
                "8");
    }

    @Test
    void answersNotFoundUnavailableAndInvalidForTheModelName() {
        expect(r -> r.setModelName("nope"), Status.Code.NOT_FOUND, "nope");
        expect(r -> r.setModelVersion("7"), Status.Code.NOT_FOUND, "7");
        expect(r -> r.setModelName("idle"), Status.Code.UNAVAILABLE, "idle");
        expect(r -> r.setModelName(""), Status.Code.INVALID_ARGUMENT, "model name");
        assertThatThrownBy(
                        () ->
                                stub().modelReady(
                                                ModelReadyRequest.newBuilder()
                                                        .setName("nope")
                                                        .build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThat(
                        stub().modelReady(ModelReadyRequest.newBuilder().setName("idle").build())
                                .getReady())
                .isFalse();
    }

    private static void expect(
            UnaryOperator<ModelInferRequest.Builder> change, Status.Code code, String mentioned) {
        expectCode(change.apply(valid()).build(), code, mentioned);
    }

    private static void expectCode(ModelInferRequest request, Status.Code code, String mentioned) {
        assertThatThrownBy(() -> stub().modelInfer(request))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> {
                            assertThat(e.getStatus().getCode())
                                    .as(e.getStatus().toString())
                                    .isEqualTo(code);
                            assertThat(e.getStatus().getDescription()).contains(mentioned);
                        });
        assertThat(stub().serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
    }

    private static ModelInferRequest.Builder valid() {
        return ModelInferRequest.newBuilder()
                .setModelName("simple")
                .addInputs(input("INPUT0", 1, 16).setContents(ints(16)))
                .addInputs(input("INPUT1", 1, 16).setContents(ints(16)));
    }

    private static InferInputTensor.Builder input(String name, long... shape) {
        InferInputTensor.Builder b =
                InferInputTensor.newBuilder().setName(name).setDatatype("INT32");
        for (long d : shape) {
            b.addShape(d);
        }
        return b;
    }

    private static InferTensorContents ints(int n) {
        return InferTensorContents.newBuilder()
                .addAllIntContents(IntStream.range(0, n).map(i -> i == 2 ? 2 : 1).boxed().toList())
                .build();
    }
}
