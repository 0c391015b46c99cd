package dev.ferry.gitops.staging;

import dev.ferry.api.model.Tensor;
import java.util.Map;

/**
 * Sends inference requests to the staging server, as a caller would (the CLI uses Ferry's V2 REST
 * client). Throws with the server's message when the request fails.
 */
@FunctionalInterface
public interface StagingProbe {

    /** One inference on {@code deployment}: every output by name. */
    Map<String, Tensor> infer(String deployment, Map<String, Tensor> inputs);
}
