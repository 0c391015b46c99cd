package dev.ferry.serving.hosting;

import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.serving.batching.Scheduler;
import dev.ferry.serving.inference.RequestValidator;
import dev.ferry.serving.metrics.ServingMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loaded model version: its instances, scheduler and validator. Requests hold it with {@link
 * #tryAcquire()}/{@link #release()} so a retired version is closed only after its last request.
 */
public final class ServedVersion {
    private final String name;
    private final long version;
    private final String versionLabel;
    private final String platform;
    private final String fingerprint;
    private final RequestValidator validator;
    private final Scheduler scheduler;
    private final List<LoadedModel> instances;
    private final Duration timeout;
    private final ServingMetrics.VersionMetrics metrics;
    private final AtomicInteger users = new AtomicInteger();
    private volatile boolean retired;

    ServedVersion(
            String name,
            long version,
            String platform,
            String fingerprint,
            RequestValidator validator,
            Scheduler scheduler,
            List<LoadedModel> instances,
            Duration timeout,
            ServingMetrics.VersionMetrics metrics) {
        this.name = name;
        this.version = version;
        this.versionLabel = Long.toString(version);
        this.platform = platform;
        this.fingerprint = fingerprint;
        this.validator = validator;
        this.scheduler = scheduler;
        this.instances = List.copyOf(instances);
        this.timeout = timeout;
        this.metrics = metrics;
    }

    /** The model name. */
    public String name() {
        return name;
    }

    /** The version number. */
    public long version() {
        return version;
    }

    /** The version as the protocol writes it. */
    public String versionLabel() {
        return versionLabel;
    }

    /** The runtime's platform name for model metadata. */
    public String platform() {
        return platform;
    }

    String fingerprint() {
        return fingerprint;
    }

    /** The signature requests are validated against. */
    public ModelSignature signature() {
        return validator.signature();
    }

    /** The request validator. */
    public RequestValidator validator() {
        return validator;
    }

    /** The scheduler that runs requests. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** The request timeout. */
    public Duration timeout() {
        return timeout;
    }

    /** This version's metrics, with label values resolved once. */
    public ServingMetrics.VersionMetrics metrics() {
        return metrics;
    }

    /** Marks a request as using this version; false once it is retired. */
    public boolean tryAcquire() {
        users.incrementAndGet();
        if (retired) {
            users.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Ends a request's use of this version. */
    public void release() {
        users.decrementAndGet();
    }

    /**
     * Stops new requests, waits up to {@code drain} for running ones, then closes the scheduler and
     * every instance, freeing native memory.
     */
    void retire(Duration drain) {
        retired = true;
        long until = System.nanoTime() + drain.toNanos();
        while (users.get() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        scheduler.close();
        for (LoadedModel instance : instances) {
            instance.close();
        }
    }
}
