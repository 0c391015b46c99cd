package dev.ferry.client.grpc;

import dev.ferry.api.model.DataType;
import dev.ferry.client.protocol.InferTensorContents;
import java.util.stream.IntStream;

/** Which {@code InferTensorContents} field carries each datatype, as the protocol defines. */
public final class ContentsFields {
    private ContentsFields() {}

    /** The field's name, for messages. */
    public static String of(DataType type) {
        return switch (type) {
            case BOOL -> "bool_contents";
            case INT8, INT16, INT32 -> "int_contents";
            case UINT8, UINT16, UINT32 -> "uint_contents";
            case INT64 -> "int64_contents";
            case UINT64 -> "uint64_contents";
            case FP32 -> "fp32_contents";
            case FP64 -> "fp64_contents";
            case BYTES -> "bytes_contents";
            case FP16, BF16 -> "raw_input_contents (the protocol has no typed field for it)";
        };
    }

    /** How many values the datatype's field holds. */
    public static int count(DataType type, InferTensorContents c) {
        return switch (type) {
            case BOOL -> c.getBoolContentsCount();
            case INT8, INT16, INT32 -> c.getIntContentsCount();
            case UINT8, UINT16, UINT32 -> c.getUintContentsCount();
            case INT64 -> c.getInt64ContentsCount();
            case UINT64 -> c.getUint64ContentsCount();
            case FP32 -> c.getFp32ContentsCount();
            case FP64 -> c.getFp64ContentsCount();
            case BYTES -> c.getBytesContentsCount();
            case FP16, BF16 -> 0;
        };
    }

    /** How many fields hold any value. */
    public static int populated(InferTensorContents c) {
        return (int)
                IntStream.of(
                                c.getBoolContentsCount(),
                                c.getIntContentsCount(),
                                c.getInt64ContentsCount(),
                                c.getUintContentsCount(),
                                c.getUint64ContentsCount(),
                                c.getFp32ContentsCount(),
                                c.getFp64ContentsCount(),
                                c.getBytesContentsCount())
                        .filter(n -> n > 0)
                        .count();
    }

    /** Whether typed contents can carry the datatype (FP16 and BF16 travel raw only). */
    public static boolean hasTypedField(DataType type) {
        return type != DataType.FP16 && type != DataType.BF16;
    }
}
