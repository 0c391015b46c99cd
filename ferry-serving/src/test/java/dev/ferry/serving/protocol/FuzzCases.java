package dev.ferry.serving.protocol;

import com.google.protobuf.ByteString;
import dev.ferry.client.protocol.InferTensorContents;
import dev.ferry.client.protocol.ModelInferRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Seeded generators of hostile infer requests: mostly near-valid ones for the {@code simple} model,
 * with shapes, datatypes, values and framing bent in the ways clients get them wrong.
 */
final class FuzzCases {
    private static final String[] SHAPES = {
        "[1,16]",
        "[8,16]",
        "[9,16]",
        "[-1,16]",
        "[0,16]",
        "[]",
        "[1e40]",
        "[\"a\"]",
        "null",
        "[18446744073709551616,1]",
        "[4294967296,4294967296,4294967296]",
        "[2,-8]",
        "[16]"
    };
    private static final String[] DATATYPES = {
        "INT32", "INT32", "INT32", "FP32", "BYTES", "BOOL", "UINT64", "FP16", "BF16", "int32", "",
        "NOPE"
    };
    private static final String[] VALUES = {
        "0",
        "1",
        "-1",
        "2147483647",
        "2147483648",
        "-2147483649",
        "1.5",
        "true",
        "null",
        "\"x\"",
        "[]",
        "{}",
        "1e999",
        "-0",
        "[1,2]"
    };
    private static final String[] NAMES = {"INPUT0", "INPUT1", "INPUT0", "INPUT1", "INPUT2", ""};
    private static final String[] ODD_BODIES = {
        "",
        "{}",
        "[]",
        "null",
        "{\"inputs\":null}",
        "{\"inputs\":[null]}",
        "{\"inputs\":[1]}",
        "{\"inputs\":[],\"outputs\":[{\"name\":1}]}",
        "{\"id\":{}}",
        "{\"inputs\":{}}"
    };

    private final SplittableRandom random;

    FuzzCases(SplittableRandom random) {
        this.random = random;
    }

    /** A JSON infer body: near-valid, cut short, random text, or one of the odd shapes. */
    String jsonBody() {
        return switch (random.nextInt(10)) {
            case 0 -> randomText();
            case 1 -> pick(ODD_BODIES);
            case 2 -> {
                String s = wellFormed();
                yield s.substring(0, random.nextInt(s.length()));
            }
            default -> wellFormed();
        };
    }

    /** How many bytes of binary blocks follow the JSON header. */
    int blockBytes() {
        return random.nextBoolean() ? 64 * random.nextInt(4) : random.nextInt(300);
    }

    /** The {@code Inference-Header-Content-Length} value: usually right, sometimes not. */
    String headerLength(int actual) {
        return switch (random.nextInt(8)) {
            case 0 -> "abc";
            case 1 -> Integer.toString(-random.nextInt(1000));
            case 2 -> Integer.toString(actual + 1 + random.nextInt(500));
            case 3 -> "99999999999999999999";
            case 4 -> Integer.toString(random.nextInt(Math.max(1, actual)));
            default -> Integer.toString(actual);
        };
    }

    /** A gRPC request with random shapes, datatypes, contents and raw contents. */
    ModelInferRequest grpcRequest() {
        ModelInferRequest.Builder b =
                ModelInferRequest.newBuilder()
                        .setModelName(random.nextInt(8) == 0 ? pick("nope", "") : "simple")
                        .setModelVersion(random.nextInt(8) == 0 ? pick("2", "x") : "");
        int inputs = random.nextInt(4);
        for (int i = 0; i < inputs; i++) {
            ModelInferRequest.InferInputTensor.Builder in =
                    b.addInputsBuilder()
                            .setName(pick(NAMES))
                            .setDatatype(
                                    pick("INT32", "INT32", "FP32", "BYTES", "FP16", "UINT8", "X"));
            for (long d : grpcShape()) {
                in.addShape(d);
            }
            in.setContents(contents());
        }
        int raw = random.nextInt(4) == 0 ? random.nextInt(4) : 0;
        for (int i = 0; i < raw; i++) {
            byte[] bytes = new byte[random.nextBoolean() ? 64 : random.nextInt(100)];
            random.nextBytes(bytes);
            b.addRawInputContents(ByteString.copyFrom(bytes));
        }
        return b.build();
    }

    private String wellFormed() {
        int n = random.nextInt(4);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inputs.add(
                    "{\"name\":\"%s\",\"datatype\":\"%s\",\"shape\":%s,\"data\":%s}"
                            .formatted(pick(NAMES), pick(DATATYPES), pick(SHAPES), data()));
        }
        String outputs =
                random.nextInt(4) == 0
                        ? ",\"outputs\":[{\"name\":\"%s\"}]".formatted(pick("OUTPUT0", "OUTPUT9"))
                        : "";
        return "{\"inputs\":[" + String.join(",", inputs) + "]" + outputs + "}";
    }

    private String data() {
        int n = random.nextBoolean() ? 16 : random.nextInt(40);
        boolean clean = random.nextInt(3) > 0;
        return IntStream.range(0, n)
                .mapToObj(i -> clean ? Integer.toString(random.nextInt(-100, 100)) : pick(VALUES))
                .collect(Collectors.joining(",", "[", "]"));
    }

    private List<Long> grpcShape() {
        return switch (random.nextInt(6)) {
            case 0 -> List.of(-1L, 16L);
            case 1 -> List.of(Long.MAX_VALUE, Long.MAX_VALUE);
            case 2 -> List.of(9L, 16L);
            case 3 ->
                    IntStream.range(0, random.nextInt(4)).mapToObj(i -> random.nextLong()).toList();
            default -> List.of(1L, 16L);
        };
    }

    private InferTensorContents contents() {
        InferTensorContents.Builder c = InferTensorContents.newBuilder();
        int n = random.nextBoolean() ? 16 : random.nextInt(40);
        switch (random.nextInt(4)) {
            case 0 ->
                    IntStream.range(0, n)
                            .forEach(i -> c.addFp32Contents((float) random.nextDouble()));
            case 1 -> IntStream.range(0, n).forEach(i -> c.addUintContents(random.nextInt()));
            case 2 -> {
                // no values at all
            }
            default -> IntStream.range(0, n).forEach(i -> c.addIntContents(random.nextInt()));
        }
        return c.build();
    }

    private String randomText() {
        int n = random.nextInt(200);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) random.nextInt(32, 127));
        }
        return s.toString();
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }
}
