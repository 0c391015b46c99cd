package dev.ferry.serving.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.ferry.client.ServerMetadata;
import dev.ferry.serving.protocol.ProtocolServer.ClientMode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The V2 protocol from the spec, run the same way over REST (JSON and binary) and gRPC (typed and
 * raw contents) with Ferry's client against the {@code simple} model: every endpoint answers alike
 * and every error has the same kind on both transports.
 */
class ProtocolConformanceIT {
    private static final ModelTarget SIMPLE = ModelTarget.of("simple");
    @TempDir static Path repository;
    static ProtocolServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ProtocolServer.start(repository);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(ClientMode.class)
    void reportsLivenessReadinessAndServerMetadata(ClientMode mode) {
        try (InferenceClient client = server.client(mode)) {
            assertThat(client.live()).isTrue();
            assertThat(client.ready()).isTrue();
            ServerMetadata meta = client.serverMetadata();
            assertThat(meta.name()).isEqualTo("ferry");
            assertThat(meta.version()).isNotBlank();
            assertThat(meta.extensions()).contains("binary_tensor_data", "model_repository");
        }
    }

    @ParameterizedTest
    @EnumSource(ClientMode.class)
    void describesTheModelWithAndWithoutAVersion(ClientMode mode) {
        try (InferenceClient client = server.client(mode)) {
            for (ModelTarget target : List.of(SIMPLE, ModelTarget.of("simple", "1"))) {
                ModelMetadata meta = client.modelMetadata(target);
                assertThat(meta.name()).isEqualTo("simple");
                assertThat(meta.versions()).containsExactly("1");
                assertThat(meta.platform()).isNotBlank();
                assertThat(meta.inputs())
                        .containsExactly(
                                new TensorSpec("INPUT0", DataType.INT32, List.of(-1L, 16L)),
                                new TensorSpec("INPUT1", DataType.INT32, List.of(-1L, 16L)));
                assertThat(meta.outputs())
                        .extracting(TensorSpec::name)
                        .containsExactly("OUTPUT0", "OUTPUT1");
                assertThat(client.modelReady(target)).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ClientMode.class)
    void infersSumAndDifferenceForABatchAndEchoesTheId(ClientMode mode) {
        try (InferenceClient client = server.client(mode)) {
            InferResponse r = client.infer(simple(3).withId("req-" + mode));
            assertThat(r.id()).isEqualTo("req-" + mode);
            assertThat(r.modelName()).isEqualTo("simple");
            assertThat(r.modelVersion()).isEqualTo("1");
            assertThat(r.outputs().keySet()).containsExactly("OUTPUT0", "OUTPUT1");
            Tensor sum = r.output("OUTPUT0");
            assertThat(sum.datatype()).isEqualTo(DataType.INT32);
            assertThat(sum.shape()).containsExactly(3L, 16L);
            long[] a = values(3, 0);
            long[] b = values(3, 100);
            assertThat(sum.toLongArray())
                    .containsExactly(IntStream.range(0, 48).mapToLong(i -> a[i] + b[i]).toArray());
            assertThat(r.output("OUTPUT1").toLongArray())
                    .containsExactly(IntStream.range(0, 48).mapToLong(i -> a[i] - b[i]).toArray());
        }
    }

    @ParameterizedTest
    @EnumSource(ClientMode.class)
    void returnsOnlyTheRequestedOutputs(ClientMode mode) {
        try (InferenceClient client = server.client(mode)) {
            InferResponse r =
                    client.infer(
                            new InferRequest(
                                    ModelTarget.of("simple", "1"),
                                    "",
                                    inputs(1),
                                    List.of("OUTPUT1")));
            assertThat(r.outputs().keySet()).containsExactly("OUTPUT1");
            assertThat(r.output("OUTPUT1").toLongArray()[5]).isEqualTo(5 - 105);
        }
    }

    @ParameterizedTest
    @EnumSource(ClientMode.class)
    void rejectsAWrongDatatype(ClientMode mode) {
        SequencedMap<String, Tensor> in = inputs(1);
        in.put("INPUT0", Tensor.ofFloats(new long[] {1, 16}, new float[16]));
        expect(mode, request(in), Failure.BAD_REQUEST, "INPUT0");
    }

    @ParameterizedTest
    @EnumSource(ClientMode.class)
    void rejectsAWrongShape(ClientMode mode) {
        SequencedMap<String, Tensor> in = inputs(1);
        in.put("INPUT1", Tensor.ofInts(new long[] {1, 15}, new int[15]));
        expect(mode, request(in), Failure.BAD_REQUEST, "INPUT1");
    }

    @ParameterizedTest
    @EnumSource(ClientMode.class)
    void rejectsAnUnknownInput(ClientMode mode) {
        SequencedMap<String, Tensor> in = inputs(1);
        in.put("INPUT9", Tensor.ofInts(new long[] {1, 16}, new int[16]));
        expect(mode, request(in), Failure.BAD_REQUEST, "INPUT9");
    }

    @ParameterizedTest
    @EnumSource(ClientMode.class)
    void rejectsAMissingInput(ClientMode mode) {
        SequencedMap<String, Tensor> in = inputs(1);
        in.remove("INPUT1");
        expect(mode, request(in), Failure.BAD_REQUEST, "INPUT1");
    }

    @ParameterizedTest
    @EnumSource(ClientMode.class)
    void rejectsAnUnknownOutput(ClientMode mode) {
        expect(mode, simple(1).withOutputs("OUTPUT7"), Failure.BAD_REQUEST, "OUTPUT7");
    }

    @ParameterizedTest
    @EnumSource(ClientMode.class)
    void rejectsADuplicateOutput(ClientMode mode) {
        expect(mode, simple(1).withOutputs("OUTPUT0", "OUTPUT0"), Failure.BAD_REQUEST, "OUTPUT0");
    }

    @ParameterizedTest
    @EnumSource(ClientMode.class)
    void rejectsABatchOverMaxBatchSize(ClientMode mode) {
        expect(mode, simple(9), Failure.BAD_REQUEST, "8");
    }

    @ParameterizedTest
    @EnumSource(ClientMode.class)
    void answersNotFoundForAnUnknownModelOrVersion(ClientMode mode) {
        InferRequest unknownModel =
                new InferRequest(ModelTarget.of("nope"), "", inputs(1), List.of());
        expect(mode, unknownModel, Failure.NOT_FOUND, "nope");
        InferRequest unknownVersion =
                new InferRequest(ModelTarget.of("simple", "7"), "", inputs(1), List.of());
        expect(mode, unknownVersion, Failure.NOT_FOUND, "7");
        try (InferenceClient client = server.client(mode)) {
            assertThatThrownBy(() -> client.modelMetadata(ModelTarget.of("nope")))
                    .isInstanceOfSatisfying(
                            InferenceClientException.class,
                            e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND));
            assertThatThrownBy(() -> client.modelReady(ModelTarget.of("nope")))
                    .isInstanceOfSatisfying(
                            InferenceClientException.class,
                            e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND));
        }
    }

    @ParameterizedTest
    @EnumSource(ClientMode.class)
    void answersUnavailableForAModelThatIsNotLoaded(ClientMode mode) {
        try (InferenceClient client = server.client(mode)) {
            assertThat(client.modelReady(ModelTarget.of("idle"))).isFalse();
        }
        expect(
                mode,
                new InferRequest(ModelTarget.of("idle"), "", inputs(1), List.of()),
                Failure.UNAVAILABLE,
                "idle");
    }

    private static void expect(
            ClientMode mode, InferRequest request, Failure failure, String mentioned) {
        try (InferenceClient client = server.client(mode)) {
            assertThatThrownBy(() -> client.infer(request))
                    .isInstanceOfSatisfying(
                            InferenceClientException.class,
                            e -> {
                                assertThat(e.failure()).as(e.getMessage()).isEqualTo(failure);
                                assertThat(e.getMessage()).contains(mentioned);
                            });
            assertThat(client.live()).isTrue();
        }
    }

    static InferRequest simple(int rows) {
        return request(inputs(rows));
    }

    private static InferRequest request(SequencedMap<String, Tensor> inputs) {
        return new InferRequest(SIMPLE, "", inputs, List.of());
    }

    static SequencedMap<String, Tensor> inputs(int rows) {
        SequencedMap<String, Tensor> in = new LinkedHashMap<>();
        in.put("INPUT0", ints(rows, values(rows, 0)));
        in.put("INPUT1", ints(rows, values(rows, 100)));
        return in;
    }

    private static Tensor ints(int rows, long[] values) {
        return Tensor.ofInts(
                new long[] {rows, 16},
                IntStream.range(0, values.length).map(i -> (int) values[i]).toArray());
    }

    private static long[] values(int rows, int offset) {
        return IntStream.range(0, rows * 16).mapToLong(i -> i + offset).toArray();
    }
}
