package dev.ferry.serving.hosting;

import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.ModelException;
import dev.ferry.api.model.ModelRuntime;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.ModelSource;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.serving.ModelLoadException;
import dev.ferry.serving.batching.BatchingPolicy;
import dev.ferry.serving.batching.CallObserver;
import dev.ferry.serving.batching.CallWatchdog;
import dev.ferry.serving.batching.DirectScheduler;
import dev.ferry.serving.batching.DynamicBatcher;
import dev.ferry.serving.batching.Scheduler;
import dev.ferry.serving.inference.RequestValidator;
import dev.ferry.serving.metrics.ServingMetrics;
import dev.ferry.serving.repository.ModelConfig;
import dev.ferry.serving.repository.ModelFiles;
import dev.ferry.serving.runtime.Runtimes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Builds a {@link ServedVersion} from a version directory: runtime, instances, scheduler. */
final class VersionLoader {
    private final Runtimes runtimes;
    private final HostingOptions options;
    private final BiFunction<String, String, ServingMetrics.VersionMetrics> metrics;
    private final CallWatchdog watchdog;

    VersionLoader(
            Runtimes runtimes,
            HostingOptions options,
            BiFunction<String, String, ServingMetrics.VersionMetrics> metrics,
            CallWatchdog watchdog) {
        this.runtimes = runtimes;
        this.options = options;
        this.metrics = metrics;
        this.watchdog = watchdog;
    }

    ServedVersion load(ModelConfig config, ModelFiles.VersionFiles files) {
        String where = "model '" + config.name() + "' version " + files.version();
        Map<String, String> params = new HashMap<>(config.parameters());
        config.defaultModelFilename().ifPresent(f -> params.put("default_model_filename", f));
        ModelSource source =
                new ModelSource(
                        config.name(),
                        files.version(),
                        files.directory(),
                        config.declaredSignature(),
                        Math.max(0, config.maxBatchSize()),
                        new ModelSource.RuntimeOptions(
                                threads(params, "intra_op_thread_count", options.intraOpThreads()),
                                threads(params, "inter_op_thread_count", options.interOpThreads()),
                                params));
        ModelRuntime runtime = runtimes.select(config.runtime(), source);
        List<LoadedModel> instances = new ArrayList<>();
        try {
            for (int i = 0; i < config.instanceCount(); i++) {
                instances.add(runtime.load(source));
            }
            ModelSignature signature = signature(where, config, instances.getFirst().signature());
            ServingMetrics.VersionMetrics versionMetrics =
                    metrics.apply(config.name(), Long.toString(files.version()));
            CallObserver observer = observer(versionMetrics);
            Scheduler scheduler;
            Duration timeout = options.requestTimeout();
            if (config.batching().isPresent() && config.maxBatchSize() > 0) {
                ModelConfig.BatchingConfig b = config.batching().get();
                int queue = b.maxQueueSize() > 0 ? b.maxQueueSize() : options.maxQueueSize();
                if (b.defaultTimeoutMicros() > 0) {
                    timeout = Duration.ofNanos(b.defaultTimeoutMicros() * 1000);
                }
                scheduler =
                        new DynamicBatcher(
                                config.name(),
                                instances,
                                new BatchingPolicy(
                                        config.maxBatchSize(),
                                        b.preferredBatchSizes(),
                                        b.maxQueueDelayMicros(),
                                        queue),
                                observer,
                                watchdog,
                                () -> runtime.load(source));
            } else {
                scheduler =
                        new DirectScheduler(
                                config.name(),
                                instances,
                                options.maxQueueSize(),
                                observer,
                                watchdog,
                                () -> runtime.load(source));
            }
            return new ServedVersion(
                    config.name(),
                    files.version(),
                    runtime.name(),
                    files.fingerprint(),
                    new RequestValidator(config.name(), signature, config.maxBatchSize()),
                    scheduler,
                    instances,
                    timeout,
                    versionMetrics);
        } catch (ModelException e) {
            closeAll(instances, e);
            throw new ModelLoadException(where + " failed to load: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(instances, e);
            throw e;
        }
    }

    private static CallObserver observer(ServingMetrics.VersionMetrics metrics) {
        return new CallObserver() {
            @Override
            public void queued(long nanos) {
                metrics.queued(nanos);
            }

            @Override
            public void called(long nanos, long rows) {
                metrics.modelCall(nanos, rows);
            }

            @Override
            public void depth(int delta) {
                metrics.queueDepth(delta);
            }
        };
    }

    /**
     * The configuration's signature when it declares one (its names must exist in the model), else
     * the model's own.
     */
    private static ModelSignature signature(
            String where, ModelConfig config, ModelSignature fromModel) {
        var declared = config.declaredSignature();
        if (declared.isEmpty()) {
            return fromModel;
        }
        checkNames(where, "input", declared.get().inputs(), fromModel.inputs());
        checkNames(where, "output", declared.get().outputs(), fromModel.outputs());
        return declared.get();
    }

    private static void checkNames(
            String where, String kind, List<TensorSpec> declared, List<TensorSpec> actual) {
        List<String> names = actual.stream().map(TensorSpec::name).toList();
        for (TensorSpec s : declared) {
            if (!names.contains(s.name())) {
                throw new ModelLoadException(
                        where
                                + ": config.pbtxt declares "
                                + kind
                                + " '"
                                + s.name()
                                + "' but the model's "
                                + kind
                                + "s are "
                                + names);
            }
        }
    }

    private static int threads(Map<String, String> params, String key, int fallback) {
        String v = params.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ModelLoadException(
                    "parameter " + key + " must be an integer, got '" + v + "'");
        }
    }

    private static void closeAll(List<LoadedModel> instances, Exception cause) {
        for (LoadedModel m : instances) {
            try {
                m.close();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
