package dev.ferry.api.rollout;

import java.util.Locale;

/** Where a rollout stands. */
public enum RolloutResult {
    /** Being applied, or a canary between its steps. */
    PROGRESSING,
    /** Applied and healthy; for a canary, every step passed. */
    SUCCEEDED,
    /** A canary failed its analysis; traffic went back to the stable version. */
    ABORTED,
    /**
     * Could not be applied (a version did not load or stayed unhealthy); what served before serves.
     */
    FAILED,
    /** The desired state was invalid or unresolvable; nothing of it was applied. */
    REFUSED;

    /** Whether the rollout is over. */
    public boolean finished() {
        return this != PROGRESSING;
    }

    /** Lower-case spelling for tables and JSON. */
    public String display() {
        return name().toLowerCase(Locale.ROOT);
    }
}
