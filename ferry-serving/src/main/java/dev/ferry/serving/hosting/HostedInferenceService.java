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
    private static final Runnable NOTHING = () -> {};

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
        ServedVersion v = acquire(target, request, protocol, by, start);
        v.metrics().inFlight(1);
        CompletableFuture<Map<String, Tensor>> computed;
        try {
            long rows = v.validator().validate(request);
            computed = v.scheduler().submit(inputs(request), rows, deadline(v, request, start));
        } catch (RuntimeException e) {
            throw failed(v, by, protocol, request, start, e);
        }
        return computed.handle(
                (outputs, error) -> {
                    if (error != null) {
                        throw failed(v, by, protocol, request, start, error);
                    }
                    return succeeded(v, by, protocol, request, start, outputs);
                });
    }

    /**
     * Runs the request on the calling thread: schedulers that can run the model right here do so
     * with no future and no hand-off. The caller gets an answer by the request's deadline.
     */
    @Override
    public InferenceResponse infer(
            ModelTarget target, InferenceRequest request, Protocol protocol) {
        return infer(target, request, protocol, Attribution.NONE);
    }

    /** {@link #infer(ModelTarget, InferenceRequest, Protocol)} on behalf of a deployment. */
    public InferenceResponse infer(
            ModelTarget target, InferenceRequest request, Protocol protocol, Attribution by) {
        return infer(target, request, protocol, by, NOTHING);
    }

    /**
     * {@link #infer(ModelTarget, InferenceRequest, Protocol, Attribution)} that runs {@code
     * admitted} as soon as the version holds the request (or refused it), before the model call, so
     * a router can let go of its routing table without waiting for the model.
     */
    public InferenceResponse infer(
            ModelTarget target,
            InferenceRequest request,
            Protocol protocol,
            Attribution by,
            Runnable admitted) {
        return run(target, request, protocol, by, admitted, false).orElseThrow();
    }

    @Override
    public Optional<InferenceResponse> inferNow(
            ModelTarget target, InferenceRequest request, Protocol protocol) {
        return run(target, request, protocol, Attribution.NONE, NOTHING, true);
    }

    /**
     * The synchronous path of {@link #infer} and {@link #inferNow}: with {@code onlyNow} the
     * scheduler may decline to run the call at once, and then nothing is recorded.
     */
    private Optional<InferenceResponse> run(
            ModelTarget target,
            InferenceRequest request,
            Protocol protocol,
            Attribution by,
            Runnable admitted,
            boolean onlyNow) {
        long start = System.nanoTime();
        ServedVersion v;
        try {
            v = acquire(target, request, protocol, by, start);
        } finally {
            admitted.run();
        }
        v.metrics().inFlight(1);
        Optional<Map<String, Tensor>> outputs;
        try {
            long rows = v.validator().validate(request);
            Map<String, Tensor> inputs = inputs(request);
            long deadline = deadline(v, request, start);
            outputs =
                    onlyNow
                            ? v.scheduler().callNow(inputs, rows, deadline)
                            : Optional.of(v.scheduler().call(inputs, rows, deadline));
        } catch (RuntimeException e) {
            throw failed(v, by, protocol, request, start, e);
        }
        if (outputs.isEmpty()) {
            // Not run: the caller's infer counts this request once, from its own start.
            v.metrics().inFlight(-1);
            v.release();
            return Optional.empty();
        }
        return Optional.of(succeeded(v, by, protocol, request, start, outputs.get()));
    }

    private ServedVersion acquire(
            ModelTarget target,
            InferenceRequest request,
            Protocol protocol,
            Attribution by,
            long start) {
        try {
            return host.acquire(target);
        } catch (ServingException e) {
            String model =
                    e instanceof ModelNotFoundException && host.versions(target.name()).isEmpty()
                            ? ServingMetrics.UNKNOWN_MODEL
                            : target.name();
            String version = versionLabel(target);
            metrics.requestFinished(
                    model,
                    version,
                    by.predictor(),
                    protocol.label(),
                    e.kind().httpStatus(),
                    System.nanoTime() - start);
            publish(model, version, by, protocol, request, null, e);
            throw e;
        }
    }

    private static Map<String, Tensor> inputs(InferenceRequest request) {
        List<NamedTensor> in = request.inputs();
        if (in.size() == 1) {
            return Map.of(in.getFirst().name(), in.getFirst().tensor());
        }
        Map<String, Tensor> inputs = new LinkedHashMap<>(in.size() * 2);
        for (NamedTensor t : in) {
            inputs.put(t.name(), t.tensor());
        }
        return inputs;
    }

    private static long deadline(ServedVersion v, InferenceRequest request, long start) {
        return start + timeoutNanos(v, request);
    }

    private InferenceResponse succeeded(
            ServedVersion v,
            Attribution by,
            Protocol protocol,
            InferenceRequest request,
            long start,
            Map<String, Tensor> outputs) {
        InferenceResponse response;
        try {
            response = respond(v, request, outputs, by);
        } catch (RuntimeException e) {
            throw failed(v, by, protocol, request, start, e);
        }
        v.release();
        v.metrics().inFlight(-1);
        v.metrics()
                .requestFinished(by.predictor(), protocol.label(), 200, System.nanoTime() - start);
        publish(v.name(), v.versionLabel(), by, protocol, request, response, null);
        return response;
    }

    private ServingException failed(
            ServedVersion v,
            Attribution by,
            Protocol protocol,
            InferenceRequest request,
            long start,
            Throwable e) {
        ServingException failure = asServing(e);
        v.release();
        v.metrics().inFlight(-1);
        v.metrics()
                .requestFinished(
                        by.predictor(),
                        protocol.label(),
                        failure.kind().httpStatus(),
                        System.nanoTime() - start);
        publish(v.name(), v.versionLabel(), by, protocol, request, null, failure);
        return failure;
    }

    private void publish(
            String model,
            String version,
            Attribution by,
            Protocol protocol,
            InferenceRequest request,
            InferenceResponse response,
            ServingException error) {
        if (events.isPresent()) {
            events.get()
                    .record(
                            new InferenceRecord(
                                    model,
                                    version,
                                    by,
                                    protocol,
                                    request,
                                    Optional.ofNullable(response),
                                    Optional.ofNullable(error)));
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
        List<NamedTensor> selected;
        if (request.outputs().isEmpty()) {
            var specs = v.signature().outputs();
            selected = new ArrayList<>(specs.size());
            for (var spec : specs) {
                selected.add(new NamedTensor(spec.name(), output(v, outputs, spec.name())));
            }
        } else {
            selected = new ArrayList<>(request.outputs().size());
            for (RequestedOutput o : request.outputs()) {
                selected.add(new NamedTensor(o.name(), output(v, outputs, o.name())));
            }
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

    private static Tensor output(ServedVersion v, Map<String, Tensor> outputs, String name) {
        Tensor t = outputs.get(name);
        if (t == null) {
            throw new ModelFailedException(
                    "model '" + v.name() + "' did not produce output '" + name + "'");
        }
        return t;
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
        if (cause instanceof java.util.concurrent.CancellationException) {
            return new UnavailableException("the request was cancelled before the model answered");
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
        String version = versionLabel(target);
        metrics.requestFinished(
                model, version, by.predictor(), protocol.label(), error.kind().httpStatus(), 0);
        publish(model, version, by, protocol, empty, null, error);
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
