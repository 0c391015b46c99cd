package dev.ferry.bench.serving;

import com.google.protobuf.ByteString;
import dev.ferry.client.protocol.ModelInferRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The request bodies the load generators send: one row each for {@code simple}, the MLP and the
 * digit model.
 */
final class Bodies {
    private Bodies() {}

    /** A V2 JSON request for {@code simple}: INPUT0 = 0..15, INPUT1 = 1s. */
    static String simpleJson() {
        String a =
                IntStream.range(0, 16).mapToObj(Integer::toString).collect(Collectors.joining(","));
        String b = IntStream.range(0, 16).mapToObj(i -> "1").collect(Collectors.joining(","));
        return ("{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":[%s]},"
                    + "{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":[%s]}]}")
                .formatted(a, b);
    }

    /** Writes a binary-extension body; answers the JSON header's length. */
    static int writeBinary(Path file, String header, byte[]... blocks) throws IOException {
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        int size = head.length;
        for (byte[] b : blocks) {
            size += b.length;
        }
        ByteBuffer body = ByteBuffer.allocate(size).put(head);
        for (byte[] b : blocks) {
            body.put(b);
        }
        Files.write(file, body.array());
        return head.length;
    }

    static String simpleBinaryHeader() {
        return "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],\"parameters\":{\"binary_data_size\":64}},"
                   + "{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],\"parameters\":{\"binary_data_size\":64}}],"
                   + "\"parameters\":{\"binary_data_output\":true}}";
    }

    static String mlpBinaryHeader() {
        return "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,%d],\"parameters\":{\"binary_data_size\":%d}}],\"parameters\":{\"binary_data_output\":true}}"
                .formatted(MlpModel.INPUTS, MlpModel.INPUTS * 4);
    }

    static byte[] simpleInput(int fill) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 16; i++) {
            b.putInt(fill < 0 ? i : fill);
        }
        return b.array();
    }

    static byte[] mlpInput() {
        ByteBuffer b = ByteBuffer.allocate(MlpModel.INPUTS * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < MlpModel.INPUTS; i++) {
            b.putFloat((i % 17) / 17f);
        }
        return b.array();
    }

    /** The same {@code simple} request as gRPC with raw contents. */
    static ModelInferRequest simpleGrpc() {
        ModelInferRequest.Builder r = ModelInferRequest.newBuilder().setModelName("simple");
        for (String name : new String[] {"INPUT0", "INPUT1"}) {
            r.addInputsBuilder().setName(name).setDatatype("INT32").addShape(1).addShape(16);
        }
        return r.addRawInputContents(ByteString.copyFrom(simpleInput(-1)))
                .addRawInputContents(ByteString.copyFrom(simpleInput(1)))
                .build();
    }

    /** A V2 JSON request for the digit model: one image's pixels as JSON numbers. */
    static String digitJson(float[] pixels) {
        StringBuilder data = new StringBuilder(pixels.length * 8);
        for (int i = 0; i < pixels.length; i++) {
            data.append(i == 0 ? "" : ",").append(pixels[i]);
        }
        return "{\"inputs\":[{\"name\":\"pixels\",\"datatype\":\"FP32\",\"shape\":[1,%d],\"data\":[%s]}]}"
                .formatted(pixels.length, data);
    }

    static String digitBinaryHeader() {
        return "{\"inputs\":[{\"name\":\"pixels\",\"datatype\":\"FP32\",\"shape\":[1,%d],\"parameters\":{\"binary_data_size\":%d}}],\"parameters\":{\"binary_data_output\":true}}"
                .formatted(DigitModel.PIXELS, DigitModel.PIXELS * 4);
    }

    static byte[] digitInput(float[] pixels) {
        ByteBuffer b = ByteBuffer.allocate(pixels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float p : pixels) {
            b.putFloat(p);
        }
        return b.array();
    }

    /** The same digit request as gRPC with raw contents. */
    static ModelInferRequest digitGrpc(String model, float[] pixels) {
        ModelInferRequest.Builder r = ModelInferRequest.newBuilder().setModelName(model);
        r.addInputsBuilder()
                .setName("pixels")
                .setDatatype("FP32")
                .addShape(1)
                .addShape(pixels.length);
        return r.addRawInputContents(ByteString.copyFrom(digitInput(pixels))).build();
    }
}
