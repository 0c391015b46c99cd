package dev.ferry.serving.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's Prometheus metrics, in one registry owned by the server (no global registry).
 * Latency buckets start at 100 µs so sub-millisecond models are visible. The request path uses
 * {@link #forVersion} handles, which resolve their label values once instead of on every request.
 * Exemplars are off: nothing here carries a trace to attach.
 */
public final class ServingMetrics {
    /** Latency buckets in seconds, 100 µs to 10 s. */
    static final double[] LATENCY_BUCKETS = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
        10
    };

    /** Label value used for requests whose model is not in the repository, to bound cardinality. */
    public static final String UNKNOWN_MODEL = "_unknown";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Histogram requestDuration;
    private final Histogram queueDuration;
    private final Histogram computeDuration;
    private final Histogram batchSize;
    private final Gauge inFlight;
    private final Gauge queueDepth;
    private final Gauge modelReady;
    private final Counter eventsPublished;
    private final Counter eventsDropped;
    private final Counter shadowDropped;

    /** Registers every metric in a fresh registry. */
    public ServingMetrics() {
        requests =
                Counter.builder()
                        .name("ferry_inference_requests_total")
                        .help(
                                "Inference requests by model, version, predictor, protocol and"
                                        + " status code")
                        .labelNames("model", "version", "predictor", "protocol", "code")
                        .withoutExemplars()
                        .register(registry);
        requestDuration =
                latency(
                        "ferry_inference_request_duration_seconds",
                        "End-to-end inference latency",
                        "model",
                        "version",
                        "predictor",
                        "protocol");
        queueDuration =
                latency(
                        "ferry_inference_queue_duration_seconds",
                        "Time a request waited for a model instance",
                        "model",
                        "version");
        computeDuration =
                latency(
                        "ferry_inference_compute_duration_seconds",
                        "Time the model spent on a (batched) call",
                        "model",
                        "version");
        batchSize =
                Histogram.builder()
                        .name("ferry_inference_batch_size")
                        .help("Rows per model call after dynamic batching")
                        .labelNames("model", "version")
                        .classicOnly()
                        .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256)
                        .withoutExemplars()
                        .register(registry);
        inFlight =
                Gauge.builder()
                        .name("ferry_inference_in_flight_requests")
                        .help("Requests being served")
                        .labelNames("model", "version")
                        .withoutExemplars()
                        .register(registry);
        queueDepth =
                Gauge.builder()
                        .name("ferry_inference_queue_depth")
                        .help("Requests waiting for a model instance")
                        .labelNames("model", "version")
                        .withoutExemplars()
                        .register(registry);
        modelReady =
                Gauge.builder()
                        .name("ferry_model_ready")
                        .help("1 when the model version is loaded and serving, 0 otherwise")
                        .labelNames("model", "version")
                        .withoutExemplars()
                        .register(registry);
        eventsPublished =
                Counter.builder()
                        .name("ferry_inference_events_published_total")
                        .help("Inference CloudEvents handed to the event bus")
                        .withoutExemplars()
                        .register(registry);
        eventsDropped =
                Counter.builder()
                        .name("ferry_inference_events_dropped_total")
                        .help("Inference CloudEvents dropped because the queue or the bus was full")
                        .withoutExemplars()
                        .register(registry);
        shadowDropped =
                Counter.builder()
                        .name("ferry_shadow_requests_dropped_total")
                        .help("Shadow copies of requests dropped because too many were in flight")
                        .labelNames("model", "version")
                        .withoutExemplars()
                        .register(registry);
    }

    private Histogram latency(String name, String help, String... labels) {
        return Histogram.builder()
                .name(name)
                .help(help)
                .labelNames(labels)
                .classicOnly()
                .classicUpperBounds(LATENCY_BUCKETS)
                .withoutExemplars()
                .register(registry);
    }

    /** The metrics of one model version, with its label values resolved once. */
    public VersionMetrics forVersion(String model, String version) {
        return new VersionMetrics(model, version);
    }

    /**
     * One model version's data points, looked up once: the request path records through these
     * instead of hashing label values on every call. Status codes other than 200 are rare and
     * looked up when they happen.
     */
    public final class VersionMetrics {
        private final String model;
        private final String version;
        private final GaugeDataPoint inFlightPoint;
        private final GaugeDataPoint queueDepthPoint;
        private final DistributionDataPoint queuedPoint;
        private final DistributionDataPoint computePoint;
        private final DistributionDataPoint batchPoint;
        private final Map<String, Map<String, RequestPoints>> byPredictor =
                new ConcurrentHashMap<>(4);

        private VersionMetrics(String model, String version) {
            this.model = model;
            this.version = version;
            this.inFlightPoint = inFlight.labelValues(model, version);
            this.queueDepthPoint = queueDepth.labelValues(model, version);
            this.queuedPoint = queueDuration.labelValues(model, version);
            this.computePoint = computeDuration.labelValues(model, version);
            this.batchPoint = batchSize.labelValues(model, version);
        }

        /**
         * Records a finished request with its end-to-end latency; {@code predictor} is the
         * deployment's predictor that answered, "" for a direct model call.
         */
        public void requestFinished(String predictor, String protocol, int code, long nanos) {
            Map<String, RequestPoints> byProtocol = byPredictor.get(predictor);
            if (byProtocol == null) {
                byProtocol =
                        byPredictor.computeIfAbsent(predictor, k -> new ConcurrentHashMap<>(4));
            }
            RequestPoints points = byProtocol.get(protocol);
            if (points == null) {
                points =
                        byProtocol.computeIfAbsent(
                                protocol, k -> new RequestPoints(predictor, protocol));
            }
            if (code == 200) {
                points.ok.inc();
            } else {
                requests.labelValues(model, version, predictor, protocol, Integer.toString(code))
                        .inc();
            }
            points.duration.observe(nanos / 1e9);
        }

        /** Adjusts the in-flight gauge by {@code delta}. */
        public void inFlight(int delta) {
            inFlightPoint.inc(delta);
        }

        /** Records a request's time in the queue. */
        public void queued(long nanos) {
            queuedPoint.observe(nanos / 1e9);
        }

        /** Records one model call: how long it computed and over how many rows. */
        public void modelCall(long computeNanos, long rows) {
            computePoint.observe(computeNanos / 1e9);
            batchPoint.observe(rows);
        }

        /** Adjusts the queue-depth gauge by {@code delta}. */
        public void queueDepth(int delta) {
            queueDepthPoint.inc(delta);
        }

        private final class RequestPoints {
            final CounterDataPoint ok;
            final DistributionDataPoint duration;

            RequestPoints(String predictor, String protocol) {
                ok = requests.labelValues(model, version, predictor, protocol, "200");
                duration = requestDuration.labelValues(model, version, predictor, protocol);
            }
        }
    }

    /**
     * Records a finished request with its end-to-end latency; {@code predictor} is the deployment's
     * predictor that answered, "" for a direct model call.
     */
    public void requestFinished(
            String model, String version, String predictor, String protocol, int code, long nanos) {
        requests.labelValues(model, version, predictor, protocol, Integer.toString(code)).inc();
        if (!model.equals(UNKNOWN_MODEL)) {
            requestDuration.labelValues(model, version, predictor, protocol).observe(nanos / 1e9);
        }
    }

    /** Counts a shadow copy dropped because too many were already in flight. */
    public void shadowDropped(String model, String version) {
        shadowDropped.labelValues(model, version).inc();
    }

    /**
     * Records one model call: how long its requests queued, how long it computed, how many rows.
     */
    public void modelCall(String model, String version, long computeNanos, long rows) {
        computeDuration.labelValues(model, version).observe(computeNanos / 1e9);
        batchSize.labelValues(model, version).observe(rows);
    }

    /** Records a request's time in the queue. */
    public void queued(String model, String version, long nanos) {
        queueDuration.labelValues(model, version).observe(nanos / 1e9);
    }

    /** Adjusts the in-flight gauge by {@code delta}. */
    public void inFlight(String model, String version, int delta) {
        inFlight.labelValues(model, version).inc(delta);
    }

    /** Adjusts the queue-depth gauge by {@code delta}. */
    public void queueDepth(String model, String version, int delta) {
        queueDepth.labelValues(model, version).inc(delta);
    }

    /** Sets the load state of a model version. */
    public void modelReady(String model, String version, boolean ready) {
        modelReady.labelValues(model, version).set(ready ? 1 : 0);
    }

    /** Counts an inference event handed to the bus. */
    public void eventPublished() {
        eventsPublished.inc();
    }

    /** Counts an inference event dropped. */
    public void eventDropped() {
        eventsDropped.inc();
    }

    /** The number of events dropped so far. */
    public double eventsDropped() {
        return eventsDropped.get();
    }

    /** The Prometheus text exposition's content type. */
    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** Writes every metric in the Prometheus text format. */
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
