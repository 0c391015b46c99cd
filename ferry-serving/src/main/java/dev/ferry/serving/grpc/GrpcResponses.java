package dev.ferry.serving.grpc;

import com.google.protobuf.UnsafeByteOperations;
import dev.ferry.api.model.Tensor;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.client.grpc.ContentsFields;
import dev.ferry.client.grpc.ProtoContents;
import dev.ferry.client.protocol.InferParameter;
import dev.ferry.client.protocol.ModelInferResponse;
import dev.ferry.client.protocol.ModelMetadataResponse;
import dev.ferry.serving.inference.InferenceResponse;
import dev.ferry.serving.inference.ModelMetadata;
import dev.ferry.serving.inference.NamedTensor;
import java.util.List;
import java.util.Map;

/** Writes transport-independent answers as gRPC messages. */
final class GrpcResponses {
    private GrpcResponses() {}

    /**
     * The response, with outputs as raw contents when {@code raw} (the client sent raw inputs) or
     * when an output has no typed field, else as typed contents.
     */
    static ModelInferResponse infer(InferenceResponse response, boolean raw) {
        boolean asRaw =
                raw
                        || response.outputs().stream()
                                .anyMatch(
                                        o -> !ContentsFields.hasTypedField(o.tensor().datatype()));
        ModelInferResponse.Builder b =
                ModelInferResponse.newBuilder()
                        .setModelName(response.modelName())
                        .setModelVersion(response.modelVersion())
                        .setId(response.id())
                        .putAllParameters(parameters(response.parameters()));
        for (NamedTensor out : response.outputs()) {
            Tensor t = out.tensor();
            ModelInferResponse.InferOutputTensor.Builder o =
                    b.addOutputsBuilder()
                            .setName(out.name())
                            .setDatatype(t.datatype().name())
                            .addAllShape(t.shape())
                            .putAllParameters(parameters(out.parameters()));
            if (asRaw) {
                b.addRawOutputContents(UnsafeByteOperations.unsafeWrap(t.data()));
            } else {
                o.setContents(ProtoContents.fromTensor(t));
            }
        }
        return b.build();
    }

    static ModelMetadataResponse metadata(ModelMetadata m) {
        return ModelMetadataResponse.newBuilder()
                .setName(m.name())
                .addAllVersions(m.versions())
                .setPlatform(m.platform())
                .addAllInputs(specs(m.inputs()))
                .addAllOutputs(specs(m.outputs()))
                .build();
    }

    private static List<ModelMetadataResponse.TensorMetadata> specs(List<TensorSpec> specs) {
        return specs.stream()
                .map(
                        s ->
                                ModelMetadataResponse.TensorMetadata.newBuilder()
                                        .setName(s.name())
                                        .setDatatype(s.datatype().name())
                                        .addAllShape(s.shape())
                                        .build())
                .toList();
    }

    private static Map<String, InferParameter> parameters(Map<String, Object> params) {
        return params.entrySet().stream()
                .collect(
                        java.util.stream.Collectors.toMap(
                                Map.Entry::getKey, e -> parameter(e.getValue())));
    }

    private static InferParameter parameter(Object value) {
        InferParameter.Builder p = InferParameter.newBuilder();
        return switch (value) {
            case Boolean v -> p.setBoolParam(v).build();
            case Long v -> p.setInt64Param(v).build();
            case Integer v -> p.setInt64Param(v).build();
            case Double v -> p.setDoubleParam(v).build();
            default -> p.setStringParam(String.valueOf(value)).build();
        };
    }
}
