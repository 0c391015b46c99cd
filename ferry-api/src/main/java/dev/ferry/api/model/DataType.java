package dev.ferry.api.model;

import java.util.Locale;
import java.util.Optional;

/** Tensor element types, named as in the Open Inference Protocol (V2). */
public enum DataType {
    BOOL(1),
    UINT8(1),
    UINT16(2),
    UINT32(4),
    UINT64(8),
    INT8(1),
    INT16(2),
    INT32(4),
    INT64(8),
    FP16(2),
    FP32(4),
    FP64(8),
    /** Variable-length byte strings: no fixed element size. */
    BYTES(0),
    BF16(2);

    private final int byteSize;

    DataType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element in the binary tensor encoding; 0 for BYTES. */
    public int byteSize() {
        return byteSize;
    }

    /** Looks a protocol name up, case-insensitively. */
    public static Optional<DataType> fromProtocolName(String name) {
        try {
            return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
