package dev.ferry.api.step;

/**
 * A built-in step, named in manifests by {@code uses:}. Implementations are found with {@link
 * java.util.ServiceLoader}, have a public no-argument constructor and keep no state between
 * executions.
 */
public interface Step {

    /** The name manifests use, e.g. {@code ferry/split}. */
    String name();

    /** Enters the cache key: change it whenever the step's behaviour changes. */
    String version();

    /** Declares inputs and outputs so manifests can be checked before they run. */
    StepSignature signature();

    /**
     * Whether a run may reuse this step's earlier outputs instead of running it. False for steps
     * whose effect lives outside Ferry's stores (a commit pushed to Git): reusing their outputs
     * would skip the effect. The engine then runs them as if they said {@code cache: false}.
     */
    default boolean cacheable() {
        return true;
    }

    /**
     * Does the work. Inputs come from {@code context}; artifacts go to {@link
     * StepContext#outputsDir()}, values to {@link StepContext#value}. Throwing fails the attempt.
     */
    void execute(StepContext context) throws Exception;
}
