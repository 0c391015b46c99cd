package dev.ferry.ml.ingest;

import dev.ferry.ml.data.DataException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST format), gzipped or not, checking the header: two zero bytes, a type
 * code, the number of dimensions, the dimensions, and exactly as many values as they promise.
 */
public final class IdxReader {
    private static final int MAX_DIMS = 8;

    public IdxArray read(Path file) {
        byte[] bytes = load(file);
        if (bytes.length < 4) {
            throw error(
                    file,
                    bytes.length == 0
                            ? "the file is empty"
                            : "the file is "
                                    + bytes.length
                                    + " bytes, shorter than an IDX header (4 bytes of magic"
                                    + " number)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        int magic = buffer.getInt();
        if ((magic >>> 16) != 0) {
            throw error(
                    file,
                    String.format(
                            "magic number 0x%08X does not start with two zero bytes; this is not an"
                                    + " IDX file",
                            magic));
        }
        int typeCode = (magic >>> 8) & 0xFF;
        int dimCount = magic & 0xFF;
        int valueSize =
                switch (typeCode) {
                    case 0x08, 0x09 -> 1;
                    case 0x0B -> 2;
                    case 0x0C, 0x0D -> 4;
                    case 0x0E -> 8;
                    default ->
                            throw error(
                                    file,
                                    String.format(
                                            "magic number 0x%08X names data type 0x%02X; IDX types"
                                                    + " are 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C"
                                                    + " int, 0x0D float, 0x0E double",
                                            magic, typeCode));
                };
        if (dimCount < 1 || dimCount > MAX_DIMS) {
            throw error(
                    file,
                    String.format(
                            "magic number 0x%08X declares %d dimensions; expected 1 to %d",
                            magic, dimCount, MAX_DIMS));
        }
        if (bytes.length < 4 + 4 * dimCount) {
            throw error(
                    file,
                    "the header declares "
                            + dimCount
                            + " dimensions but the file ends after "
                            + bytes.length
                            + " bytes");
        }
        int[] dims = new int[dimCount];
        long total = 1;
        for (int d = 0; d < dimCount; d++) {
            dims[d] = buffer.getInt();
            if (dims[d] < 0 || (d > 0 && dims[d] == 0)) {
                throw error(
                        file,
                        "dimension "
                                + d
                                + " is "
                                + Integer.toUnsignedString(dims[d])
                                + "; dimensions must be positive");
            }
            total *= dims[d];
            if (total > Integer.MAX_VALUE) {
                throw error(
                        file,
                        "the header's dimensions promise more than "
                                + Integer.MAX_VALUE
                                + " values");
            }
        }
        long expected = total * valueSize;
        if (buffer.remaining() != expected) {
            throw error(
                    file,
                    "the header promises "
                            + describe(dims)
                            + " = "
                            + total
                            + " values ("
                            + expected
                            + " bytes) but "
                            + buffer.remaining()
                            + " bytes of data follow");
        }
        float[] values = new float[(int) total];
        if (typeCode == 0x08) {
            int offset = buffer.position();
            for (int i = 0; i < values.length; i++) {
                values[i] = bytes[offset + i] & 0xFF;
            }
            return new IdxArray(dims, values);
        }
        for (int i = 0; i < values.length; i++) {
            values[i] =
                    switch (typeCode) {
                        case 0x08 -> buffer.get() & 0xFF;
                        case 0x09 -> buffer.get();
                        case 0x0B -> buffer.getShort();
                        case 0x0C -> buffer.getInt();
                        case 0x0D -> buffer.getFloat();
                        default -> (float) buffer.getDouble();
                    };
        }
        return new IdxArray(dims, values);
    }

    private static byte[] load(Path file) {
        try {
            byte[] raw = Files.readAllBytes(file);
            if (raw.length >= 2 && (raw[0] & 0xFF) == 0x1F && (raw[1] & 0xFF) == 0x8B) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                    return in.readAllBytes();
                } catch (ZipException | java.io.EOFException e) {
                    throw error(
                            file,
                            "the gzip stream is corrupt or truncated (" + e.getMessage() + ")");
                }
            }
            return raw;
        } catch (IOException e) {
            throw error(file, "cannot read it: " + e.getMessage());
        }
    }

    private static String describe(int[] dims) {
        StringBuilder text = new StringBuilder();
        for (int d : dims) {
            text.append(text.isEmpty() ? "" : "×").append(d);
        }
        return text.toString();
    }

    private static DataException error(Path file, String problem) {
        return new DataException("IDX file " + file + ": " + problem);
    }
}
