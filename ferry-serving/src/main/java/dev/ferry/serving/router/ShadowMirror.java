package dev.ferry.serving.router;

import dev.ferry.api.deployment.PredictorStats;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.serving.ServingException;
import dev.ferry.serving.hosting.HostedInferenceService;
import dev.ferry.serving.inference.Attribution;
import dev.ferry.serving.inference.InferenceRequest;
import dev.ferry.serving.inference.InferenceResponse;
import dev.ferry.serving.inference.ModelTarget;
import dev.ferry.serving.inference.Protocol;
import dev.ferry.serving.metrics.ServingMetrics;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a copy of a request to a deployment's shadow once the primary has answered, on a virtual
 * thread of its own, so the caller never waits for it. At most {@code maxInFlight} copies run at
 * once; a copy beyond that is dropped and counted, never queued. The shadow's latency, errors and
 * agreement with the primary go to the deployment's {@code shadow} statistics.
 */
final class ShadowMirror implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowMirror.class);

    private final HostedInferenceService hosted;
    private final ServingMetrics metrics;
    private final Semaphore permits;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    ShadowMirror(HostedInferenceService hosted, ServingMetrics metrics, int maxInFlight) {
        this.hosted = hosted;
        this.metrics = metrics;
        this.permits = new Semaphore(maxInFlight);
    }

    /**
     * Mirrors {@code request} to the table's shadow, if it has one; {@code primary} is the
     * primary's answer, or null when it failed (the copy is still sent and timed, not compared).
     */
    void mirror(
            DeploymentTable table,
            InferenceRequest request,
            Protocol protocol,
            InferenceResponse primary) {
        if (table.shadow.isEmpty()) {
            return;
        }
        VersionKey shadow = table.shadow.get();
        if (!permits.tryAcquire()) {
            metrics.shadowDropped(shadow.model(), Integer.toString(shadow.version()));
            return;
        }
        try {
            threads.execute(() -> run(table, shadow, request, protocol, primary));
        } catch (RejectedExecutionException e) {
            permits.release();
        }
    }

    private void run(
            DeploymentTable table,
            VersionKey shadow,
            InferenceRequest request,
            Protocol protocol,
            InferenceResponse primary) {
        long start = System.nanoTime();
        try {
            InferenceResponse answer =
                    hosted.inferAsync(
                                    new ModelTarget(
                                            shadow.model(), Integer.toString(shadow.version())),
                                    request,
                                    protocol,
                                    new Attribution(table.name, PredictorStats.SHADOW))
                            .join();
            table.shadowCounters.record(System.nanoTime() - start, 200);
            if (primary != null) {
                table.shadowCounters.compared(Agreement.agree(primary, answer));
            }
        } catch (RuntimeException e) {
            table.shadowCounters.record(System.nanoTime() - start, status(e));
        } finally {
            permits.release();
        }
    }

    /** The HTTP status a failure maps to; anything unexpected is a 500. */
    static int status(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && !(cause instanceof ServingException)) {
            cause = cause.getCause();
        }
        return cause instanceof ServingException s ? s.kind().httpStatus() : 500;
    }

    /** Stops taking copies and waits briefly for those running. */
    @Override
    public void close() {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("shadow requests still running at shutdown were abandoned");
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
