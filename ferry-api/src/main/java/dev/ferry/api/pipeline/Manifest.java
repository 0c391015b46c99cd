package dev.ferry.api.pipeline;

/**
 * A document with the Kubernetes-style envelope ({@code apiVersion}, {@code kind}, {@code
 * metadata}, {@code spec}). Each kind is a record implementing this interface.
 */
public interface Manifest {
    String API_VERSION = "ferry.dev/v1";

    String kind();

    ObjectMeta metadata();

    /** Where the manifest was read from. */
    SourceLocation location();
}
