package dev.ferry.serving.hosting;

import dev.ferry.api.model.Tensor;
import dev.ferry.serving.ModelFailedException;
import dev.ferry.serving.ModelNotFoundException;
import dev.ferry.serving.ServingException;
import dev.ferry.serving.UnavailableException;
import dev.ferry.serving.events.InferenceEventPublisher;
import dev.ferry.serving.events.InferenceRecord;
import dev.ferry.serving.inference.Attribution;
import dev.ferry.serving.inference.InferenceRequest;
import dev.ferry.serving.inference.InferenceResponse;
import dev.ferry.serving.inference.InferenceService;
import dev.ferry.serving.inference.ModelMetadata;
import dev.ferry.serving.inference.ModelTarget;
import dev.ferry.serving.inference.NamedTensor;
import dev.ferry.serving.inference.Protocol;
import dev.ferry.serving.inference.RepositoryEntry;
import dev.ferry.serving.inference.RequestedOutput;
import dev.ferry.serving.inference.ServerMetadata;
import dev.ferry.serving.metrics.ServingMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The inference core over a {@link ModelHost}: resolves the version, validates, schedules, picks
 * the requested outputs, and records metrics and events for every request, failed or not.
 */
public final class HostedInferenceService implements InferenceService {
    /** The response parameter naming the predictor that answered a deployment's request. */
    public static final String PREDICTOR_PARAMETER = "predictor";

    /** The response parameter naming the model that answered a deployment's request. */
    public static final String MODEL_PARAMETER = "model";

    private final ModelHost host;
    private final ServingMetrics metrics;
    private final Optional<InferenceEventPublisher> events;
    private final ServerMetadata metadata;
    private volatile boolean ready;

    /** A service over {@code host}; events are published when a publisher is given. */
    public HostedInferenceService(
            ModelHost host,
            ServingMetrics metrics,
            Optional<InferenceEventPublisher> events,
            ServerMetadata metadata) {
        this.host = host;
        this.metrics = metrics;
        this.events = events;
        this.metadata = metadata;
    }

    /** Marks the server ready once its start-up loading is done. */
    public void markReady(boolean value) {
        this.ready = value;
    }

    @Override
    public ServerMetadata serverMetadata() {
        return metadata;
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public boolean ready() {
        return ready && host.failedModels().isEmpty();
    }

    @Override
    public ModelMetadata modelMetadata(ModelTarget target) {
        ServedVersion v = host.find(target);
        List<String> versions =
                host.versions(target.name()).stream().map(ServedVersion::versionLabel).toList();
        return new ModelMetadata(
                target.name(),
                versions,
                v.platform(),
                v.signature().inputs(),
                v.signature().outputs());
    }

    @Override
    public boolean modelReady(ModelTarget target) {
        try {
            host.find(target);
            return true;
        } catch (UnavailableException e) {
            return false;
        }
    }

    @Override
    public CompletableFuture<InferenceResponse> inferAsync(
            ModelTarget target, InferenceRequest request, Protocol protocol) {
        return inferAsync(target, request, protocol, Attribution.NONE);
    }

    /**
     * {@link #inferAsync(ModelTarget, InferenceRequest, Protocol)} on behalf of a deployment's
     * predictor: metrics and events carry the predictor, and the response names the deployment and
     * the predictor that answered.
     */
    public CompletableFuture<InferenceResponse> inferAsync(
            ModelTarget target, InferenceRequest request, Protocol protocol, Attribution by) {
        long start = System.nanoTime();
        ServedVersion v;
        try {
            v = host.acquire(target);
        } catch (ServingException e) {
            String model =
                    e instanceof ModelNotFoundException && host.versions(target.name()).isEmpty()
                            ? ServingMetrics.UNKNOWN_MODEL
                            : target.name();
            finish(model, versionLabel(target), by, protocol, request, start, null, e);
            throw e;
        }
        String version = v.versionLabel();
        metrics.inFlight(v.name(), version, 1);
        CompletableFuture<Map<String, Tensor>> computed;
        try {
            long rows = v.validator().validate(request);
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            for (NamedTensor in : request.inputs()) {
                inputs.put(in.name(), in.tensor());
            }
            long deadline = start + timeoutNanos(v, request);
            computed = v.scheduler().submit(inputs, rows, deadline);
        } catch (RuntimeException e) {
            ServingException failure = asServing(e);
            v.release();
            metrics.inFlight(v.name(), version, -1);
            finish(v.name(), version, by, protocol, request, start, null, failure);
            throw failure;
        }
        return computed.handle(
                (outputs, error) -> {
                    v.release();
                    metrics.inFlight(v.name(), version, -1);
                    if (error != null) {
                        ServingException failure = asServing(error);
                        finish(v.name(), version, by, protocol, request, start, null, failure);
                        throw failure;
                    }
                    InferenceResponse response;
                    try {
                        response = respond(v, request, outputs, by);
                    } catch (ServingException e) {
                        finish(v.name(), version, by, protocol, request, start, null, e);
                        throw e;
                    }
                    finish(v.name(), version, by, protocol, request, start, response, null);
                    return response;
                });
    }

    @Override
    public InferenceResponse infer(
            ModelTarget target, InferenceRequest request, Protocol protocol) {
        CompletableFuture<InferenceResponse> future = inferAsync(target, request, protocol);
        try {
            // Schedulers enforce each request's deadline while it waits; a running call finishes.
            return future.get();
        } catch (ExecutionException e) {
            throw asServing(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("the request to " + target + " was interrupted");
        }
    }

    private static long timeoutNanos(ServedVersion v, InferenceRequest request) {
        Object micros = request.parameters().get("timeout");
        if (micros instanceof Long l && l > 0) {
            return Math.min(l * 1000, v.timeout().toNanos());
        }
        return v.timeout().toNanos();
    }

    private static InferenceResponse respond(
            ServedVersion v,
            InferenceRequest request,
            Map<String, Tensor> outputs,
            Attribution by) {
        List<String> names = new ArrayList<>();
        if (request.outputs().isEmpty()) {
            v.signature().outputs().forEach(s -> names.add(s.name()));
        } else {
            request.outputs().stream().map(RequestedOutput::name).forEach(names::add);
        }
        List<NamedTensor> selected = new ArrayList<>();
        for (String name : names) {
            Tensor t = outputs.get(name);
            if (t == null) {
                throw new ModelFailedException(
                        "model '" + v.name() + "' did not produce output '" + name + "'");
            }
            selected.add(new NamedTensor(name, t));
        }
        if (by.routed()) {
            // The caller addressed the deployment; the parameters say who answered it.
            return new InferenceResponse(
                    by.deployment(),
                    v.versionLabel(),
                    request.id(),
                    Map.of(PREDICTOR_PARAMETER, by.predictor(), MODEL_PARAMETER, v.name()),
                    selected);
        }
        return new InferenceResponse(v.name(), v.versionLabel(), request.id(), Map.of(), selected);
    }

    private void finish(
            String model,
            String version,
            Attribution by,
            Protocol protocol,
            InferenceRequest request,
            long start,
            InferenceResponse response,
            ServingException error) {
        int code = error == null ? 200 : error.kind().httpStatus();
        metrics.requestFinished(
                model, version, by.predictor(), protocol.label(), code, System.nanoTime() - start);
        events.ifPresent(
                p ->
                        p.record(
                                new InferenceRecord(
                                        model,
                                        version,
                                        by,
                                        protocol,
                                        request,
                                        Optional.ofNullable(response),
                                        Optional.ofNullable(error))));
    }

    static ServingException asServing(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ServingException s) {
            return s;
        }
        if (cause instanceof dev.ferry.api.model.ModelException m) {
            return new ModelFailedException(m.getMessage(), m);
        }
        return new ModelFailedException("internal error: " + cause, cause);
    }

    @Override
    public void rejected(ModelTarget target, Protocol protocol, ServingException error) {
        rejected(target, protocol, error, Attribution.NONE);
    }

    /** {@link #rejected(ModelTarget, Protocol, ServingException)} for a deployment's predictor. */
    public void rejected(
            ModelTarget target, Protocol protocol, ServingException error, Attribution by) {
        String model =
                host.versions(target.name()).isEmpty()
                        ? ServingMetrics.UNKNOWN_MODEL
                        : target.name();
        InferenceRequest empty = new InferenceRequest("", Map.of(), List.of(), List.of());
        finish(model, versionLabel(target), by, protocol, empty, System.nanoTime(), null, error);
    }

    /**
     * The version label: a loaded version, or "" for anything else, so clients cannot add label
     * values.
     */
    private String versionLabel(ModelTarget target) {
        boolean loaded =
                host.versions(target.name()).stream()
                        .anyMatch(v -> v.versionLabel().equals(target.version()));
        return loaded ? target.version() : "";
    }

    @Override
    public List<RepositoryEntry> repositoryIndex(boolean readyOnly) {
        return host.index(readyOnly);
    }

    @Override
    public void load(String model) {
        host.load(model);
    }

    @Override
    public void unload(String model) {
        host.unload(model);
    }
}
