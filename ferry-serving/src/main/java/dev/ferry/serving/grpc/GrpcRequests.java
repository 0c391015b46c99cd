package dev.ferry.serving.grpc;

import dev.ferry.api.model.DataType;
import dev.ferry.api.model.Tensor;
import dev.ferry.client.grpc.ContentsFields;
import dev.ferry.client.protocol.InferParameter;
import dev.ferry.client.protocol.InferTensorContents;
import dev.ferry.client.protocol.ModelInferRequest;
import dev.ferry.client.protocol.ModelInferRequest.InferInputTensor;
import dev.ferry.serving.InvalidRequestException;
import dev.ferry.serving.inference.InferenceRequest;
import dev.ferry.serving.inference.NamedTensor;
import dev.ferry.serving.inference.RequestedOutput;
import dev.ferry.serving.tensor.BinaryTensors;
import dev.ferry.serving.tensor.TensorBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a gRPC {@code ModelInferRequest} into the transport-independent request. */
final class GrpcRequests {
    private final long maxElements;

    GrpcRequests(long maxElements) {
        this.maxElements = maxElements;
    }

    InferenceRequest read(ModelInferRequest request) {
        int raw = request.getRawInputContentsCount();
        if (raw > 0 && raw != request.getInputsCount()) {
            throw new InvalidRequestException(
                    "raw_input_contents has %d entries but there are %d inputs; give one per input, in order"
                            .formatted(raw, request.getInputsCount()));
        }
        List<NamedTensor> inputs = new ArrayList<>(request.getInputsCount());
        for (int i = 0; i < request.getInputsCount(); i++) {
            InferInputTensor input = request.getInputs(i);
            DataType type = datatype(input);
            Tensor tensor;
            if (raw > 0) {
                if (input.hasContents() && hasValues(input.getContents())) {
                    throw new InvalidRequestException(
                            "input '%s' has both contents and raw_input_contents; use one"
                                    .formatted(input.getName()));
                }
                tensor =
                        BinaryTensors.read(
                                input.getName(),
                                type,
                                input.getShapeList(),
                                request.getRawInputContents(i).asReadOnlyByteBuffer(),
                                maxElements);
            } else {
                tensor = typed(input, type);
            }
            inputs.add(
                    new NamedTensor(input.getName(), tensor, parameters(input.getParametersMap())));
        }
        List<RequestedOutput> outputs =
                request.getOutputsList().stream()
                        .map(
                                o ->
                                        new RequestedOutput(
                                                o.getName(), parameters(o.getParametersMap())))
                        .toList();
        return new InferenceRequest(
                request.getId(), parameters(request.getParametersMap()), inputs, outputs);
    }

    private Tensor typed(InferInputTensor input, DataType type) {
        InferTensorContents c = input.getContents();
        String field = ContentsFields.of(type);
        int populated = ContentsFields.populated(c);
        if (populated > 1 || (populated == 1 && ContentsFields.count(type, c) == 0)) {
            throw new InvalidRequestException(
                    "input '%s' is %s, so its values belong in contents.%s"
                            .formatted(input.getName(), type, field));
        }
        TensorBuilder b =
                new TensorBuilder(input.getName(), type, input.getShapeList(), maxElements);
        if (ContentsFields.count(type, c) != b.expectedCount()) {
            throw new InvalidRequestException(
                    "input '%s' of shape %s needs %d values in contents.%s, got %d"
                            .formatted(
                                    input.getName(),
                                    input.getShapeList(),
                                    b.expectedCount(),
                                    field,
                                    ContentsFields.count(type, c)));
        }
        switch (type) {
            case BOOL -> c.getBoolContentsList().forEach(b::addBoolean);
            case INT8, INT16, INT32 -> c.getIntContentsList().forEach(v -> b.addLong(v));
            case UINT8, UINT16, UINT32 ->
                    c.getUintContentsList().forEach(v -> b.addLong(Integer.toUnsignedLong(v)));
            case INT64 -> c.getInt64ContentsList().forEach(b::addLong);
            case UINT64 -> c.getUint64ContentsList().forEach(b::addUnsignedLong);
            case FP32 -> c.getFp32ContentsList().forEach(v -> b.addDouble(v));
            case FP64 -> c.getFp64ContentsList().forEach(b::addDouble);
            case BYTES -> c.getBytesContentsList().forEach(v -> b.addBytes(v.toByteArray()));
            case FP16, BF16 -> {
                // no typed field: the count check above only lets an empty tensor through
            }
        }
        return b.build();
    }

    private static DataType datatype(InferInputTensor input) {
        return DataType.fromProtocolName(input.getDatatype())
                .orElseThrow(
                        () ->
                                new InvalidRequestException(
                                        "input '%s' has unknown datatype '%s'"
                                                .formatted(input.getName(), input.getDatatype())));
    }

    private static boolean hasValues(InferTensorContents c) {
        return ContentsFields.populated(c) > 0;
    }

    /** Maps protocol parameters onto Boolean, Long, Double and String values. */
    static Map<String, Object> parameters(Map<String, InferParameter> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach(
                (key, p) -> {
                    Object value =
                            switch (p.getParameterChoiceCase()) {
                                case BOOL_PARAM -> p.getBoolParam();
                                case INT64_PARAM -> p.getInt64Param();
                                case UINT64_PARAM -> p.getUint64Param();
                                case DOUBLE_PARAM -> p.getDoubleParam();
                                case STRING_PARAM -> p.getStringParam();
                                case PARAMETERCHOICE_NOT_SET ->
                                        throw new InvalidRequestException(
                                                "parameter '%s' has no value".formatted(key));
                            };
                    out.put(key, value);
                });
        return out;
    }
}
