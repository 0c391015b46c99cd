package dev.ferry.bench.serving;

import dev.ferry.client.protocol.GRPCInferenceServiceGrpc;
import dev.ferry.client.protocol.ModelInferRequest;
import dev.ferry.client.protocol.ModelInferResponse;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The gRPC side of the same-stack baseline: grpc-java on Netty, as Ferry's gRPC endpoint is built,
 * answering {@code ModelInfer} with a V2-shaped reply and no model, on the transport's own thread:
 * the least a call costs on this stack. Each raw input comes back as an output; for a model in
 * {@code replyElements} only its first that many elements, as {@link BareEndpoint} does for JSON.
 */
final class BareGrpcEndpoint extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    private final Map<String, Integer> replyElements;

    private BareGrpcEndpoint(Map<String, Integer> replyElements) {
        this.replyElements = replyElements;
    }

    /** Starts serving on 127.0.0.1:{@code port}. */
    static Server start(int port, Map<String, Integer> replyElements) throws IOException {
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .directExecutor()
                .maxInboundMessageSize(64 << 20)
                .addService(new BareGrpcEndpoint(replyElements))
                .build()
                .start();
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
        Integer limit = replyElements.get(request.getModelName());
        ModelInferResponse.Builder reply =
                ModelInferResponse.newBuilder()
                        .setModelName(request.getModelName())
                        .setModelVersion("1")
                        .setId(request.getId());
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor input = request.getInputs(i);
            var raw = request.getRawInputContents(i);
            ModelInferResponse.InferOutputTensor.Builder output =
                    reply.addOutputsBuilder()
                            .setName("OUTPUT" + i)
                            .setDatatype(input.getDatatype());
            if (limit == null) {
                output.addAllShape(input.getShapeList());
                reply.addRawOutputContents(raw);
            } else {
                long elements = input.getShapeList().stream().reduce(1L, (a, b) -> a * b);
                int bytes = (int) Math.min(raw.size(), limit * (raw.size() / elements));
                output.addShape(1).addShape(limit);
                reply.addRawOutputContents(raw.substring(0, bytes));
            }
        }
        out.onNext(reply.build());
        out.onCompleted();
    }
}
