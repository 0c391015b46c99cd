package dev.ferry.serving.runtime.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import dev.ferry.api.model.DataType;
import java.util.Optional;

/** Maps ONNX tensor element types to protocol datatypes and back. */
final class OnnxTypes {
    private OnnxTypes() {}

    static Optional<DataType> toDataType(OnnxTensorType t) {
        return Optional.ofNullable(
                switch (t) {
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> DataType.BOOL;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> DataType.UINT8;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16 -> DataType.UINT16;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32 -> DataType.UINT32;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64 -> DataType.UINT64;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> DataType.INT8;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> DataType.INT16;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> DataType.INT32;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> DataType.INT64;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> DataType.FP16;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> DataType.BF16;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> DataType.FP32;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> DataType.FP64;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> DataType.BYTES;
                    default -> null;
                });
    }

    /**
     * The signed type of the same width for UINT16/32/64, whose bytes are fed to the casts that
     * {@link UnsignedInputs} puts in front of such inputs; every other type is its own twin.
     */
    static DataType signedTwin(DataType t) {
        return switch (t) {
            case UINT16 -> DataType.INT16;
            case UINT32 -> DataType.INT32;
            case UINT64 -> DataType.INT64;
            default -> t;
        };
    }

    /**
     * The Java-side type used to hand a buffer to ONNX Runtime; empty for types its Java API cannot
     * create (UINT16, UINT32, UINT64) and for BYTES, which goes through strings.
     */
    static Optional<OnnxJavaType> bufferType(DataType t) {
        return Optional.ofNullable(
                switch (t) {
                    case BOOL -> OnnxJavaType.BOOL;
                    case UINT8 -> OnnxJavaType.UINT8;
                    case INT8 -> OnnxJavaType.INT8;
                    case INT16 -> OnnxJavaType.INT16;
                    case INT32 -> OnnxJavaType.INT32;
                    case INT64 -> OnnxJavaType.INT64;
                    case FP16 -> OnnxJavaType.FLOAT16;
                    case BF16 -> OnnxJavaType.BFLOAT16;
                    case FP32 -> OnnxJavaType.FLOAT;
                    case FP64 -> OnnxJavaType.DOUBLE;
                    default -> null;
                });
    }
}
