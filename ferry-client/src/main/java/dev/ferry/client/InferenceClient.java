package dev.ferry.client;

/**
 * A client of the Open Inference Protocol (V2). Every method throws {@link
 * InferenceClientException} when the server refuses the call or cannot be reached.
 */
public interface InferenceClient extends AutoCloseable {

    /** Whether the server is live. */
    boolean live();

    /** Whether the server is ready to serve inferences. */
    boolean ready();

    /** Whether a model (version) is ready. */
    boolean modelReady(ModelTarget model);

    /** The server's name, version and extensions. */
    ServerMetadata serverMetadata();

    /** A model's versions, platform and signature. */
    ModelMetadata modelMetadata(ModelTarget model);

    /** Runs one inference. */
    InferResponse infer(InferRequest request);

    @Override
    void close();
}
