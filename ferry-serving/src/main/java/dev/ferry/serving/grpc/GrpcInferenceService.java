package dev.ferry.serving.grpc;

import dev.ferry.client.protocol.GRPCInferenceServiceGrpc;
import dev.ferry.client.protocol.ModelInferRequest;
import dev.ferry.client.protocol.ModelInferResponse;
import dev.ferry.client.protocol.ModelMetadataRequest;
import dev.ferry.client.protocol.ModelMetadataResponse;
import dev.ferry.client.protocol.ModelReadyRequest;
import dev.ferry.client.protocol.ModelReadyResponse;
import dev.ferry.client.protocol.ServerLiveRequest;
import dev.ferry.client.protocol.ServerLiveResponse;
import dev.ferry.client.protocol.ServerMetadataRequest;
import dev.ferry.client.protocol.ServerMetadataResponse;
import dev.ferry.client.protocol.ServerReadyRequest;
import dev.ferry.client.protocol.ServerReadyResponse;
import dev.ferry.serving.ServingException;
import dev.ferry.serving.inference.InferenceRequest;
import dev.ferry.serving.inference.InferenceService;
import dev.ferry.serving.inference.ModelTarget;
import dev.ferry.serving.inference.Protocol;
import dev.ferry.serving.inference.ServerMetadata;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The V2 {@code inference.GRPCInferenceService}, mapped onto the inference core. The transport
 * delivers each call on its own event-loop threads, which must not block. An infer call that can be
 * answered without waiting (a free instance of a model whose calls are short and stop at their
 * deadline, see {@link InferenceService#inferNow}) is answered right there; every other call's
 * work, which may block, runs on one virtual thread from {@code executor}: one hop per call, where
 * running the whole call on the executor would cost a hop for every stage of it.
 */
final class GrpcInferenceService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    private final InferenceService core;
    private final GrpcRequests requests;
    private final Executor executor;

    GrpcInferenceService(InferenceService core, long maxElements, Executor executor) {
        this.core = core;
        this.requests = new GrpcRequests(maxElements);
        this.executor = executor;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
        answer(out, () -> ServerLiveResponse.newBuilder().setLive(core.live()).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
        answer(out, () -> ServerReadyResponse.newBuilder().setReady(core.ready()).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
        answer(
                out,
                () -> {
                    ModelTarget target = new ModelTarget(request.getName(), request.getVersion());
                    return ModelReadyResponse.newBuilder()
                            .setReady(core.modelReady(target))
                            .build();
                });
    }

    @Override
    public void serverMetadata(
            ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
        answer(
                out,
                () -> {
                    ServerMetadata m = core.serverMetadata();
                    return ServerMetadataResponse.newBuilder()
                            .setName(m.name())
                            .setVersion(m.version())
                            .addAllExtensions(m.extensions())
                            .build();
                });
    }

    @Override
    public void modelMetadata(
            ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
        answer(
                out,
                () ->
                        GrpcResponses.metadata(
                                core.modelMetadata(
                                        new ModelTarget(request.getName(), request.getVersion()))));
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
        boolean raw = request.getRawInputContentsCount() > 0;
        ModelTarget target;
        InferenceRequest inference;
        ModelInferResponse now;
        try {
            // A target that does not parse fails this call like any bad request, never the stream.
            target = new ModelTarget(request.getModelName(), request.getModelVersion());
            try {
                inference = requests.read(request);
            } catch (ServingException e) {
                core.rejected(target, Protocol.GRPC, e);
                throw e;
            }
            now =
                    core.inferNow(target, inference, Protocol.GRPC)
                            .map(r -> GrpcResponses.infer(r, raw))
                            .orElse(null);
        } catch (RuntimeException e) {
            out.onError(GrpcStatuses.toStatus(e));
            return;
        }
        if (now != null) {
            out.onNext(now);
            out.onCompleted();
            return;
        }
        answer(out, () -> GrpcResponses.infer(core.infer(target, inference, Protocol.GRPC), raw));
    }

    private <T> void answer(StreamObserver<T> out, Supplier<T> call) {
        executor.execute(
                () -> {
                    T response;
                    try {
                        response = call.get();
                    } catch (RuntimeException e) {
                        out.onError(GrpcStatuses.toStatus(e));
                        return;
                    }
                    out.onNext(response);
                    out.onCompleted();
                });
    }
}
