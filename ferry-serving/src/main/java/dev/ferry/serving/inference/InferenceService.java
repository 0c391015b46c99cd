package dev.ferry.serving.inference;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The transport-independent inference core: every REST and gRPC endpoint is a thin mapping onto
 * these calls. Methods throw {@link dev.ferry.serving.ServingException} subclasses whose {@code
 * kind()} gives the HTTP status and gRPC code.
 */
public interface InferenceService {

    /** Server name, version and supported extensions. */
    ServerMetadata serverMetadata();

    /** Whether the server can answer requests at all. */
    boolean live();

    /** Whether every model that should be loaded is ready. */
    boolean ready();

    /** Metadata of a model version; throws ModelNotFoundException for unknown names or versions. */
    ModelMetadata modelMetadata(ModelTarget target);

    /**
     * Whether a model version is ready; throws ModelNotFoundException when the model is not in the
     * repository at all.
     */
    boolean modelReady(ModelTarget target);

    /**
     * Validates and runs a request. The future completes with the response or fails with a
     * ServingException (400 invalid, 404 unknown, 503 not ready/overloaded/timed out, 500 model
     * failure). Validation errors are thrown before any future is returned.
     */
    CompletableFuture<InferenceResponse> inferAsync(
            ModelTarget target, InferenceRequest request, Protocol protocol);

    /** {@link #inferAsync} waiting for the result; rethrows the ServingException unwrapped. */
    InferenceResponse infer(ModelTarget target, InferenceRequest request, Protocol protocol);

    /**
     * {@link #infer} right here if that cannot block (a free instance of a model whose calls are
     * short and stop at the deadline); empty, with nothing run or recorded, when the request would
     * have to wait: the caller then calls {@link #infer} from a thread that may block. Failures
     * that end the request (unknown model, invalid input, the model's error) are thrown as by
     * infer.
     */
    default Optional<InferenceResponse> inferNow(
            ModelTarget target, InferenceRequest request, Protocol protocol) {
        return Optional.empty();
    }

    /**
     * Records a request that failed before it could be handed to {@link #inferAsync} (for example a
     * body that does not parse), so metrics and events count it like any other.
     */
    void rejected(ModelTarget target, Protocol protocol, dev.ferry.serving.ServingException error);

    /** The repository index: every model version known, or only ready ones. */
    List<RepositoryEntry> repositoryIndex(boolean readyOnly);

    /**
     * Loads (or reloads) a model from the repository and waits until it serves; on failure the
     * previous version keeps serving and this throws.
     */
    void load(String model);

    /** Unloads every version of a model and frees its memory. */
    void unload(String model);

    /**
     * The request header whose value REST endpoints copy into the request's parameters for a call
     * to {@code model}: a deployment's sticky key, so a caller can pin itself with a header. Empty
     * for plain models.
     */
    default Optional<String> routingHeader(String model) {
        return Optional.empty();
    }
}
