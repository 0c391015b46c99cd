package dev.ferry.bench.serving;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./bench/run serving}: drives a Ferry server (its own JVM) with wrk (REST) and h2load
 * (gRPC, pre-framed messages) at 1, 16 and 64 connections, next to the raw ONNX Runtime call rate
 * and a bare Helidon endpoint measured in the same run, plus dynamic batching vs none on an MLP and
 * the server's RSS. Both protocols are driven alike: external C generators, closed loop, one
 * request in flight per connection. Arguments: ARGFILE (class path for child JVMs) SIMPLE_MODEL_DIR
 * [SECONDS] [REPEATS].
 */
public final class ServingBench {
    private static final int[] CONNECTIONS = {1, 16, 64};
    private static final int HTTP_PORT = 18000;
    private static final int GRPC_PORT = 18001;
    private static final int BARE_PORT = 18080;

    private final Path argFile;
    private final Path work;
    private final int seconds;
    private final int repeats;
    private final Wrk wrk;

    private ServingBench(Path argFile, Path work, int seconds, int repeats) throws IOException {
        this.argFile = argFile;
        this.work = work;
        this.seconds = seconds;
        this.repeats = repeats;
        Path script = work.resolve("post.lua");
        try (InputStream in = ServingBench.class.getResourceAsStream("/serving/post.lua")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        this.wrk = new Wrk(script, seconds);
    }

    /** Runs the whole suite and prints the report. */
    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("ferry-bench-serving");
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        new ServingBench(Path.of(args[0]), work, seconds, repeats).run(Path.of(args[1]));
    }

    private void run(Path simpleModel) throws Exception {
        Path repo = work.resolve("models");
        copyModel(simpleModel, repo.resolve("simple"));
        MlpModel.writeRepositoryEntry(repo, "mlp", true);
        Path unbatchedRepo = work.resolve("models-unbatched");
        MlpModel.writeRepositoryEntry(unbatchedRepo, "mlp", false);

        Path json = work.resolve("simple.json");
        Files.writeString(json, Bodies.simpleJson());
        Path binary = work.resolve("simple.bin");
        String binaryHeader =
                Integer.toString(
                        Bodies.writeBinary(
                                binary,
                                Bodies.simpleBinaryHeader(),
                                Bodies.simpleInput(-1),
                                Bodies.simpleInput(1)));
        Path mlpBody = work.resolve("mlp.bin");
        String mlpHeader =
                Integer.toString(
                        Bodies.writeBinary(mlpBody, Bodies.mlpBinaryHeader(), Bodies.mlpInput()));

        Report report = new Report(seconds, repeats);
        System.out.println("measuring raw ONNX Runtime ...");
        report.baseline(
                "raw ONNX Runtime, simple, 1 row, 1 thread (calls/s)",
                OrtBaseline.simpleCallsPerSecond(repo.resolve("simple/1/model.onnx"), seconds));
        report.baseline(
                "raw ONNX Runtime, MLP, batch 1 (rows/s)",
                OrtBaseline.mlpRowsPerSecond(repo.resolve("mlp/1/model.onnx"), 1, seconds));
        report.baseline(
                "raw ONNX Runtime, MLP, batch 32 (rows/s)",
                OrtBaseline.mlpRowsPerSecond(repo.resolve("mlp/1/model.onnx"), 32, seconds));

        String bareUrl = "http://127.0.0.1:" + BARE_PORT;
        try (ChildJvm bare =
                ChildJvm.start(
                        argFile,
                        work.resolve("bare.log"),
                        bareUrl + "/v2/health/ready",
                        BareEndpoint.class.getName(),
                        Integer.toString(BARE_PORT))) {
            System.out.println("measuring the bare Helidon endpoint ...");
            String url = bareUrl + "/v2/models/simple/infer";
            report.row(
                    "bare Helidon + Jackson",
                    sweep(bare, c -> wrk.run(url, c, json, "application/json", null)));
        }

        String ferry = "http://127.0.0.1:" + HTTP_PORT;
        try (ChildJvm server =
                ChildJvm.start(
                        argFile,
                        work.resolve("ferry.log"),
                        ferry + "/v2/health/ready",
                        ServeMain.class.getName(),
                        repo.toString(),
                        Integer.toString(HTTP_PORT),
                        Integer.toString(GRPC_PORT))) {
            report.rss("idle, simple + mlp loaded", server.rss());
            String url = ferry + "/v2/models/simple/infer";
            System.out.println("measuring Ferry REST JSON ...");
            report.row(
                    "Ferry REST JSON",
                    sweep(server, c -> wrk.run(url, c, json, "application/json", null)));
            System.out.println("measuring Ferry REST binary ...");
            report.row(
                    "Ferry REST binary",
                    sweep(
                            server,
                            c ->
                                    wrk.run(
                                            url,
                                            c,
                                            binary,
                                            "application/octet-stream",
                                            binaryHeader)));
            System.out.println("measuring Ferry gRPC ...");
            Path grpcBody =
                    H2Load.frame(work.resolve("simple.grpc"), Bodies.simpleGrpc().toByteArray());
            H2Load h2load = new H2Load(work, seconds, ferry + "/metrics");
            String method =
                    "http://127.0.0.1:" + GRPC_PORT + "/inference.GRPCInferenceService/ModelInfer";
            report.row(
                    "Ferry gRPC (raw contents)",
                    sweep(server, c -> h2load.run(method, c, grpcBody)));
            System.out.println("measuring the MLP with dynamic batching ...");
            report.batching(
                    "MLP, dynamic batching",
                    repeat(
                            () ->
                                    wrk.run(
                                            ferry + "/v2/models/mlp/infer",
                                            64,
                                            mlpBody,
                                            "application/octet-stream",
                                            mlpHeader)));
            report.rss("after the load, simple + mlp loaded", server.rss());
        }
        try (ChildJvm server =
                ChildJvm.start(
                        argFile,
                        work.resolve("ferry-unbatched.log"),
                        ferry + "/v2/health/ready",
                        ServeMain.class.getName(),
                        unbatchedRepo.toString(),
                        Integer.toString(HTTP_PORT),
                        Integer.toString(GRPC_PORT))) {
            System.out.println("measuring the MLP without batching ...");
            report.batching(
                    "MLP, unbatched",
                    repeat(
                            () ->
                                    wrk.run(
                                            ferry + "/v2/models/mlp/infer",
                                            64,
                                            mlpBody,
                                            "application/octet-stream",
                                            mlpHeader)));
        }
        report.print(System.out);
    }

    private interface Load {
        Measurement run(int connections) throws Exception;
    }

    private interface Once {
        Measurement run() throws Exception;
    }

    /** Runs the load at every connection count, with the server's CPU time per request. */
    private Map<Integer, Measurement> sweep(ChildJvm server, Load measured) throws Exception {
        Load load =
                c -> {
                    long before = server.cpuMicros();
                    Measurement m = measured.run(c);
                    return m.withServerCpu(server.cpuMicros() - before, seconds);
                };
        Map<Integer, Measurement> out = new LinkedHashMap<>();
        // Warm-up: the JIT's compilations of the whole path take more than one short run when
        // the cores are shared with the load generator.
        load.run(16);
        load.run(64);
        for (int c : CONNECTIONS) {
            int connections = c;
            out.put(c, repeat(() -> load.run(connections)));
        }
        return out;
    }

    private Measurement repeat(Once once) throws Exception {
        List<Measurement> runs = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            runs.add(once.run());
        }
        return Measurement.median(runs);
    }

    private static void copyModel(Path from, Path to) throws IOException {
        Files.createDirectories(to.resolve("1"));
        Files.copy(from.resolve("config.pbtxt"), to.resolve("config.pbtxt"));
        Files.copy(from.resolve("1/model.onnx"), to.resolve("1/model.onnx"));
    }
}
