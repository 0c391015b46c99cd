package dev.ferry.core.engine;

import dev.ferry.core.plan.Plan;
import dev.ferry.core.validation.ManifestValidator;
import java.nio.charset.StandardCharsets;

/** Turns stored manifest bytes back into a plan, so that {@code resume} can continue a run. */
@FunctionalInterface
public interface PlanLoader {

    /** Parses, validates and plans the manifest read from {@code manifestPath}. */
    Plan load(String manifestPath, byte[] manifest);

    /** Plans with {@code validator}: the same checks {@code ferry run} applies. */
    static PlanLoader of(ManifestValidator validator) {
        return (path, bytes) -> validator.plan(path, new String(bytes, StandardCharsets.UTF_8));
    }
}
