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
 * and bare Helidon and grpc-java endpoints measured in the same run, plus dynamic batching vs none
 * on two MLPs (next to each one's raw batch gain in ONNX Runtime) and the server's RSS. Both
 * protocols are driven alike: external C generators, closed loop, one request in flight per
 * connection. Two workloads: the {@code simple} fixture (tiny tensors) and an MNIST digit on a
 * linear classifier (784 FP32 in). Arguments: ARGFILE (class path for child JVMs) SIMPLE_MODEL_DIR
 * DIGIT_IMAGES_IDX_GZ [SECONDS] [REPEATS].
 */
public final class ServingBench {
    private static final int[] CONNECTIONS = {1, 16, 64};
    private static final int HTTP_PORT = 18000;
    private static final int GRPC_PORT = 18001;
    private static final int BARE_PORT = 18080;
    private static final int BARE_GRPC_PORT = 18081;
    private static final String INFER_METHOD = "/inference.GRPCInferenceService/ModelInfer";
    private static final String FERRY = "http://127.0.0.1:" + HTTP_PORT;

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
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        new ServingBench(Path.of(args[0]), work, seconds, repeats)
                .run(Path.of(args[1]), Path.of(args[2]));
    }

    private void run(Path simpleModel, Path digitImages) throws Exception {
        Path repo = work.resolve("models");
        copyModel(simpleModel, repo.resolve("simple"));
        MlpModel.writeRepositoryEntry(repo, "mlp", MlpModel.HIDDEN, true);
        DigitModel.writeRepositoryEntry(repo, "digits");
        Path unbatchedRepo = work.resolve("models-unbatched");
        MlpModel.writeRepositoryEntry(unbatchedRepo, "mlp", MlpModel.HIDDEN, false);
        // The wider MLP on servers of its own, so the RSS target stays about small models.
        Path wideBatched = work.resolve("models-wide-batched");
        MlpModel.writeRepositoryEntry(wideBatched, "mlp", MlpModel.WIDE_HIDDEN, true);
        Path wideUnbatched = work.resolve("models-wide-unbatched");
        MlpModel.writeRepositoryEntry(wideUnbatched, "mlp", MlpModel.WIDE_HIDDEN, false);

        Workload simple =
                Workload.write(
                        work,
                        "simple",
                        "the simple fixture: 2 x 16 INT32 in and out",
                        Bodies.simpleJson(),
                        Bodies.simpleBinaryHeader(),
                        new byte[][] {Bodies.simpleInput(-1), Bodies.simpleInput(1)},
                        Bodies.simpleGrpc().toByteArray());
        float[] digit = DigitModel.firstImage(digitImages);
        Workload digits =
                Workload.write(
                        work,
                        "digits",
                        "an MNIST digit: 784 FP32 pixels in, 10 FP32 out",
                        Bodies.digitJson(digit),
                        Bodies.digitBinaryHeader(),
                        new byte[][] {Bodies.digitInput(digit)},
                        Bodies.digitGrpc("digits", digit).toByteArray());
        List<Workload> workloads = List.of(simple, digits);
        Path mlpBody = work.resolve("mlp.bin");
        String mlpHeader =
                Integer.toString(
                        Bodies.writeBinary(mlpBody, Bodies.mlpBinaryHeader(), Bodies.mlpInput()));

        Report report = new Report(seconds, repeats);
        System.out.println("measuring raw ONNX Runtime ...");
        report.baseline(
                "raw ONNX Runtime, simple, 1 row, 1 thread (calls/s)",
                OrtBaseline.simpleCallsPerSecond(repo.resolve("simple/1/model.onnx"), seconds));
        rawBatching(report, MlpModel.HIDDEN, repo);
        rawBatching(report, MlpModel.WIDE_HIDDEN, wideBatched);

        String bareUrl = "http://127.0.0.1:" + BARE_PORT;
        try (ChildJvm bare =
                ChildJvm.start(
                        argFile,
                        work.resolve("bare.log"),
                        bareUrl + "/v2/health/ready",
                        BareEndpoint.class.getName(),
                        Integer.toString(BARE_PORT),
                        Integer.toString(BARE_GRPC_PORT),
                        "digits=" + DigitModel.DIGITS)) {
            H2Load h2load = new H2Load(work, seconds, null);
            String method = "http://127.0.0.1:" + BARE_GRPC_PORT + INFER_METHOD;
            for (Workload w : workloads) {
                System.out.println("measuring the bare Helidon endpoint, " + w.model() + " ...");
                String url = bareUrl + "/v2/models/" + w.model() + "/infer";
                report.row(
                        w,
                        Report.BARE,
                        sweep(bare, c -> wrk.run(url, c, w.json(), "application/json", null)));
                System.out.println("measuring the bare grpc-java endpoint, " + w.model() + " ...");
                report.row(w, Report.BARE_GRPC, sweep(bare, c -> h2load.run(method, c, w.grpc())));
            }
        }

        try (ChildJvm server =
                ChildJvm.start(
                        argFile,
                        work.resolve("ferry.log"),
                        FERRY + "/v2/health/ready",
                        ServeMain.class.getName(),
                        repo.toString(),
                        Integer.toString(HTTP_PORT),
                        Integer.toString(GRPC_PORT))) {
            report.rss("idle", server.rss());
            H2Load h2load = new H2Load(work, seconds, FERRY + "/metrics");
            String method = "http://127.0.0.1:" + GRPC_PORT + INFER_METHOD;
            sweepProtocols(report, server, h2load, method, simple);
            System.out.println("measuring the MLP with dynamic batching ...");
            report.batching(MlpModel.describe(MlpModel.HIDDEN), true, mlpLoad(mlpBody, mlpHeader));
            // The target's measurement: the simple and MLP load, as the issue describes it.
            report.rss(Report.RSS_TARGET, server.rss());
            sweepProtocols(report, server, h2load, method, digits);
            report.rss("after the digits load as well", server.rss());
        }
        measureBatching(report, unbatchedRepo, MlpModel.HIDDEN, false, mlpBody, mlpHeader);
        measureBatching(report, wideBatched, MlpModel.WIDE_HIDDEN, true, mlpBody, mlpHeader);
        measureBatching(report, wideUnbatched, MlpModel.WIDE_HIDDEN, false, mlpBody, mlpHeader);
        report.print(System.out);
    }

    /** The raw ONNX Runtime rows/s, batch 1 and 32, of the MLP served from {@code repository}. */
    private void rawBatching(Report report, int hidden, Path repository) throws Exception {
        Path file = repository.resolve("mlp/1/model.onnx");
        report.rawBatching(
                MlpModel.describe(hidden),
                OrtBaseline.mlpRowsPerSecond(file, 1, seconds),
                OrtBaseline.mlpRowsPerSecond(file, 32, seconds));
    }

    /** Starts a server on {@code repository} and measures its MLP at 64 connections, warm. */
    private void measureBatching(
            Report report,
            Path repository,
            int hidden,
            boolean batched,
            Path mlpBody,
            String mlpHeader)
            throws Exception {
        String name = repository.getFileName().toString();
        try (ChildJvm server =
                ChildJvm.start(
                        argFile,
                        work.resolve("ferry-" + name + ".log"),
                        FERRY + "/v2/health/ready",
                        ServeMain.class.getName(),
                        repository.toString(),
                        Integer.toString(HTTP_PORT),
                        Integer.toString(GRPC_PORT))) {
            System.out.println(
                    "measuring "
                            + MlpModel.describe(hidden)
                            + (batched ? " with dynamic batching ..." : " without batching ..."));
            report.batching(MlpModel.describe(hidden), batched, mlpLoad(mlpBody, mlpHeader));
        }
    }

    /** The MLP's load: REST binary at 64 connections, measured warm. */
    private Measurement mlpLoad(Path mlpBody, String mlpHeader) throws Exception {
        return warmedRepeat(
                () ->
                        wrk.run(
                                FERRY + "/v2/models/mlp/infer",
                                64,
                                mlpBody,
                                "application/octet-stream",
                                mlpHeader));
    }

    /** REST JSON, REST binary and gRPC for one workload, each swept over the connection counts. */
    private void sweepProtocols(
            Report report, ChildJvm server, H2Load h2load, String grpcMethod, Workload w)
            throws Exception {
        String url = FERRY + "/v2/models/" + w.model() + "/infer";
        System.out.println("measuring Ferry REST JSON, " + w.model() + " ...");
        report.row(
                w,
                Report.REST_JSON,
                sweep(server, c -> wrk.run(url, c, w.json(), "application/json", null)));
        System.out.println("measuring Ferry REST binary, " + w.model() + " ...");
        report.row(
                w,
                Report.REST_BINARY,
                sweep(
                        server,
                        c ->
                                wrk.run(
                                        url,
                                        c,
                                        w.binary(),
                                        "application/octet-stream",
                                        w.binaryHeaderLength())));
        System.out.println("measuring Ferry gRPC, " + w.model() + " ...");
        report.row(w, Report.GRPC, sweep(server, c -> h2load.run(grpcMethod, c, w.grpc())));
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

    /**
     * Two unmeasured runs, then the median of REPEATS: batched and unbatched servers are compared
     * warm, as the protocol sweeps are, so neither side's JIT warm-up counts against it.
     */
    private Measurement warmedRepeat(Once once) throws Exception {
        once.run();
        once.run();
        return repeat(once);
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
