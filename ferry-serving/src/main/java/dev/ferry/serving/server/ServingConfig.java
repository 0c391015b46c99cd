package dev.ferry.serving.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything {@code ferry serve} can set. Start from {@link #defaults(Path)} and change fields with
 * the {@code with*} methods.
 *
 * @param modelRepository the directory in Triton's layout
 * @param host the address to bind
 * @param httpPort REST port (0 picks a free port)
 * @param grpcPort gRPC port (0 picks a free port, -1 disables gRPC)
 * @param modelControl when models load
 * @param startupModels models loaded at start in explicit mode
 * @param pollInterval how often poll mode scans the repository
 * @param maxQueueSize requests that may wait per model version before 503
 * @param requestTimeout how long a request may wait for a model before 503
 * @param maxRequestBytes the largest request body accepted
 * @param maxElements the most elements a single tensor may hold
 * @param intraOpThreads ONNX Runtime intra-op threads per instance (0: runtime default)
 * @param interOpThreads ONNX Runtime inter-op threads per instance (0: runtime default)
 * @param eventSampleRate the fraction of inferences published as events (0..1)
 * @param eventQueueSize inference records that may wait for publishing before they are dropped
 * @param predictor the predictor name put on events
 */
public record ServingConfig(
        Path modelRepository,
        String host,
        int httpPort,
        int grpcPort,
        ModelControl modelControl,
        List<String> startupModels,
        Duration pollInterval,
        int maxQueueSize,
        Duration requestTimeout,
        long maxRequestBytes,
        long maxElements,
        int intraOpThreads,
        int interOpThreads,
        double eventSampleRate,
        int eventQueueSize,
        String predictor) {

    public ServingConfig {
        startupModels = List.copyOf(startupModels);
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException(
                    "http port must be within 0..65535, got " + httpPort);
        }
        if (grpcPort < -1 || grpcPort > 65535) {
            throw new IllegalArgumentException(
                    "grpc port must be within 0..65535 or -1, got " + grpcPort);
        }
        if (eventSampleRate < 0 || eventSampleRate > 1) {
            throw new IllegalArgumentException(
                    "event sample rate must be within 0..1, got " + eventSampleRate);
        }
    }

    /**
     * Defaults: ports 8000/8001, load all models at start, queue 256, timeout 30 s, 64 MB bodies.
     */
    public static ServingConfig defaults(Path modelRepository) {
        return new ServingConfig(
                modelRepository,
                "0.0.0.0",
                8000,
                8001,
                ModelControl.NONE,
                List.of(),
                Duration.ofSeconds(5),
                256,
                Duration.ofSeconds(30),
                64L << 20,
                16L << 20,
                0,
                0,
                1.0,
                10_000,
                "default");
    }

    /** With another bind address. */
    public ServingConfig withHost(String value) {
        return change(c -> c.host = value);
    }

    /** With another REST port. */
    public ServingConfig withHttpPort(int value) {
        return change(c -> c.httpPort = value);
    }

    /** With another gRPC port (-1 disables gRPC). */
    public ServingConfig withGrpcPort(int value) {
        return change(c -> c.grpcPort = value);
    }

    /** With another model control mode and, for explicit mode, the models to load at start. */
    public ServingConfig withModelControl(ModelControl value, List<String> startup) {
        return change(
                c -> {
                    c.modelControl = value;
                    c.startupModels = startup;
                });
    }

    /** With another repository poll interval. */
    public ServingConfig withPollInterval(Duration value) {
        return change(c -> c.pollInterval = value);
    }

    /** With other queue limits: waiting requests per model version and the request timeout. */
    public ServingConfig withQueue(int size, Duration timeout) {
        return change(
                c -> {
                    c.maxQueueSize = size;
                    c.requestTimeout = timeout;
                });
    }

    /** With other request size limits. */
    public ServingConfig withLimits(long requestBytes, long elements) {
        return change(
                c -> {
                    c.maxRequestBytes = requestBytes;
                    c.maxElements = elements;
                });
    }

    /** With other ONNX Runtime thread counts. */
    public ServingConfig withThreads(int intraOp, int interOp) {
        return change(
                c -> {
                    c.intraOpThreads = intraOp;
                    c.interOpThreads = interOp;
                });
    }

    /** With other event settings. */
    public ServingConfig withEvents(double sampleRate, int queueSize, String predictorName) {
        return change(
                c -> {
                    c.eventSampleRate = sampleRate;
                    c.eventQueueSize = queueSize;
                    c.predictor = predictorName;
                });
    }

    // One copy-and-change path for every with* method, so adding a field touches one place.
    private ServingConfig change(Consumer<Draft> edit) {
        Draft draft = new Draft(this);
        edit.accept(draft);
        return draft.build();
    }

    /** A mutable copy of the fields, only alive inside {@link #change}. */
    private static final class Draft {
        Path modelRepository;
        String host;
        int httpPort;
        int grpcPort;
        ModelControl modelControl;
        List<String> startupModels;
        Duration pollInterval;
        int maxQueueSize;
        Duration requestTimeout;
        long maxRequestBytes;
        long maxElements;
        int intraOpThreads;
        int interOpThreads;
        double eventSampleRate;
        int eventQueueSize;
        String predictor;

        Draft(ServingConfig c) {
            modelRepository = c.modelRepository;
            host = c.host;
            httpPort = c.httpPort;
            grpcPort = c.grpcPort;
            modelControl = c.modelControl;
            startupModels = c.startupModels;
            pollInterval = c.pollInterval;
            maxQueueSize = c.maxQueueSize;
            requestTimeout = c.requestTimeout;
            maxRequestBytes = c.maxRequestBytes;
            maxElements = c.maxElements;
            intraOpThreads = c.intraOpThreads;
            interOpThreads = c.interOpThreads;
            eventSampleRate = c.eventSampleRate;
            eventQueueSize = c.eventQueueSize;
            predictor = c.predictor;
        }

        ServingConfig build() {
            return new ServingConfig(
                    modelRepository,
                    host,
                    httpPort,
                    grpcPort,
                    modelControl,
                    startupModels,
                    pollInterval,
                    maxQueueSize,
                    requestTimeout,
                    maxRequestBytes,
                    maxElements,
                    intraOpThreads,
                    interOpThreads,
                    eventSampleRate,
                    eventQueueSize,
                    predictor);
        }
    }
}
