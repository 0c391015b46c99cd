package dev.ferry.serving.repository;

import java.util.List;

/**
 * Where model versions come from. The directory repository reads Triton's layout; a registry-backed
 * repository materializes registered versions into the same shape, so the server above it does not
 * change.
 */
public interface ModelRepository {

    /** Where the models live, for messages (a path or a registry URL). */
    String location();

    /** The names of the models currently in the repository. */
    List<String> modelNames();

    /**
     * The configuration and available versions of a model. Throws ModelNotFoundException when it is
     * absent and ModelLoadException when its configuration is broken.
     */
    ModelFiles read(String name);
}
