package dev.ferry.serving.inference;

/**
 * Which deployment and predictor a request was routed through, so metrics, events and the response
 * can say who answered. Both are empty for a call that names a model directly.
 *
 * @param deployment the deployment the caller addressed, or ""
 * @param predictor the predictor that answered (or {@code shadow} for a mirrored copy), or ""
 */
public record Attribution(String deployment, String predictor) {
    /** A direct model call. */
    public static final Attribution NONE = new Attribution("", "");

    public Attribution {
        deployment = deployment == null ? "" : deployment;
        predictor = predictor == null ? "" : predictor;
    }

    /** Whether the request went through a deployment. */
    public boolean routed() {
        return !deployment.isEmpty();
    }
}
