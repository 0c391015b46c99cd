package dev.ferry.api.deployment;

import java.util.Locale;

/** How a change of the serving models reaches traffic. */
public enum RolloutStrategy {
    /** Replace the serving version with no failed request during the switch. */
    ROLLING,
    /** Shift traffic to the new version in steps, analysing it between steps. */
    CANARY,
    /** Mirror traffic to the new version without returning its answers. */
    SHADOW,
    /** Split traffic by weight with sticky routing. */
    AB;

    /** The manifest spelling, e.g. {@code canary}. */
    public String manifestName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the manifest spelling. */
    public static RolloutStrategy fromManifest(String text) {
        for (RolloutStrategy s : values()) {
            if (s.manifestName().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown rollout strategy '" + text + "': expected rolling, canary, shadow or ab");
    }
}
