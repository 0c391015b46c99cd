package dev.ferry.client.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
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
import dev.ferry.client.protocol.GRPCInferenceServiceGrpc;
import dev.ferry.client.protocol.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import dev.ferry.client.protocol.InferParameter;
import dev.ferry.client.protocol.ModelInferRequest;
import dev.ferry.client.protocol.ModelInferResponse;
import dev.ferry.client.protocol.ModelMetadataRequest;
import dev.ferry.client.protocol.ModelMetadataResponse;
import dev.ferry.client.protocol.ModelReadyRequest;
import dev.ferry.client.protocol.ServerLiveRequest;
import dev.ferry.client.protocol.ServerMetadataRequest;
import dev.ferry.client.protocol.ServerMetadataResponse;
import dev.ferry.client.protocol.ServerReadyRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** V2 client over gRPC; sends tensors as typed contents or as raw little-endian bytes. */
public final class GrpcInferenceClient implements InferenceClient {
    /** Largest message either side accepts; models with big tensors need more than gRPC's 4 MB. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    /** How input tensors travel. */
    public enum Contents {
        /** In {@code InferTensorContents} fields (FP16 and BF16 still go raw). */
        TYPED,
        /** In {@code raw_input_contents}. */
        RAW
    }

    private final ManagedChannel channel;
    private final Contents contents;
    private final Duration timeout;

    /**
     * A client for {@code host:port} over plaintext HTTP/2; each call fails after {@code timeout}.
     */
    public GrpcInferenceClient(String host, int port, Contents contents, Duration timeout) {
        this.channel =
                Grpc.newChannelBuilderForAddress(host, port, InsecureChannelCredentials.create())
                        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                        .build();
        this.contents = contents;
        this.timeout = timeout;
    }

    /** A typed-contents client with a 30 s timeout. */
    public static GrpcInferenceClient typed(String host, int port) {
        return new GrpcInferenceClient(host, port, Contents.TYPED, Duration.ofSeconds(30));
    }

    /** A raw-contents client with a 30 s timeout. */
    public static GrpcInferenceClient raw(String host, int port) {
        return new GrpcInferenceClient(host, port, Contents.RAW, Duration.ofSeconds(30));
    }

    /** The generated blocking stub with this client's deadline, for calls the typed API lacks. */
    public GRPCInferenceServiceBlockingStub stub() {
        return GRPCInferenceServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean live() {
        return call(() -> stub().serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
    }

    @Override
    public boolean ready() {
        return call(() -> stub().serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
    }

    @Override
    public boolean modelReady(ModelTarget model) {
        return call(
                () ->
                        stub().modelReady(
                                        ModelReadyRequest.newBuilder()
                                                .setName(model.name())
                                                .setVersion(model.version())
                                                .build())
                                .getReady());
    }

    @Override
    public ServerMetadata serverMetadata() {
        ServerMetadataResponse r =
                call(() -> stub().serverMetadata(ServerMetadataRequest.getDefaultInstance()));
        return new ServerMetadata(r.getName(), r.getVersion(), r.getExtensionsList());
    }

    @Override
    public ModelMetadata modelMetadata(ModelTarget model) {
        ModelMetadataResponse r =
                call(
                        () ->
                                stub().modelMetadata(
                                                ModelMetadataRequest.newBuilder()
                                                        .setName(model.name())
                                                        .setVersion(model.version())
                                                        .build()));
        return new ModelMetadata(
                r.getName(),
                r.getVersionsList(),
                r.getPlatform(),
                specs(r.getInputsList()),
                specs(r.getOutputsList()));
    }

    @Override
    public InferResponse infer(InferRequest request) {
        ModelInferRequest.Builder b =
                ModelInferRequest.newBuilder()
                        .setModelName(request.model().name())
                        .setModelVersion(request.model().version())
                        .setId(request.id());
        boolean raw =
                contents == Contents.RAW
                        || request.inputs().values().stream()
                                .anyMatch(t -> !ContentsFields.hasTypedField(t.datatype()));
        request.inputs()
                .forEach(
                        (name, t) -> {
                            ModelInferRequest.InferInputTensor.Builder input =
                                    b.addInputsBuilder()
                                            .setName(name)
                                            .setDatatype(t.datatype().name())
                                            .addAllShape(t.shape());
                            if (raw) {
                                b.addRawInputContents(UnsafeByteOperations.unsafeWrap(t.data()));
                            } else {
                                input.setContents(ProtoContents.fromTensor(t));
                            }
                        });
        request.outputs().forEach(o -> b.addOutputsBuilder().setName(o));
        ModelInferResponse r = call(() -> stub().modelInfer(b.build()));
        return response(r);
    }

    private static InferResponse response(ModelInferResponse r) {
        SequencedMap<String, Tensor> outputs = new LinkedHashMap<>();
        for (int i = 0; i < r.getOutputsCount(); i++) {
            ModelInferResponse.InferOutputTensor out = r.getOutputs(i);
            DataType datatype = datatype(out.getDatatype());
            Tensor tensor =
                    r.getRawOutputContentsCount() > 0
                            ? new Tensor(
                                    datatype,
                                    out.getShapeList(),
                                    rawAt(r, i).asReadOnlyByteBuffer())
                            : ProtoContents.toTensor(
                                    out.getName(), datatype, out.getShapeList(), out.getContents());
            outputs.put(out.getName(), tensor);
        }
        return new InferResponse(
                r.getModelName(),
                r.getModelVersion(),
                r.getId(),
                outputs,
                parameters(r.getParametersMap()));
    }

    /**
     * Protocol parameters as Boolean, Long, Double or String, sorted by name (protobuf maps have no
     * order).
     */
    static SequencedMap<String, Object> parameters(Map<String, InferParameter> params) {
        SequencedMap<String, Object> out = new LinkedHashMap<>();
        new TreeMap<>(params)
                .forEach(
                        (key, p) -> {
                            switch (p.getParameterChoiceCase()) {
                                case BOOL_PARAM -> out.put(key, p.getBoolParam());
                                case INT64_PARAM -> out.put(key, p.getInt64Param());
                                case UINT64_PARAM -> out.put(key, p.getUint64Param());
                                case DOUBLE_PARAM -> out.put(key, p.getDoubleParam());
                                case STRING_PARAM -> out.put(key, p.getStringParam());
                                case PARAMETERCHOICE_NOT_SET -> {
                                    // a parameter without a value says nothing; skip it
                                }
                            }
                        });
        return out;
    }

    private static ByteString rawAt(ModelInferResponse r, int i) {
        if (i >= r.getRawOutputContentsCount()) {
            throw new InferenceClientException(
                    Failure.OTHER,
                    "",
                    "the server sent %d outputs but %d raw_output_contents"
                            .formatted(r.getOutputsCount(), r.getRawOutputContentsCount()));
        }
        return r.getRawOutputContents(i);
    }

    private static List<TensorSpec> specs(List<ModelMetadataResponse.TensorMetadata> tensors) {
        return tensors.stream()
                .map(t -> new TensorSpec(t.getName(), datatype(t.getDatatype()), t.getShapeList()))
                .toList();
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

    private static <T> T call(Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw new InferenceClientException(
                    Failure.ofGrpc(e.getStatus().getCode()),
                    e.getStatus().getCode().name(),
                    e.getStatus().getCode() + ": " + e.getStatus().getDescription());
        }
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
