package dev.ferry.api.deployment;

/** What a release policy does when its condition holds. */
public enum PolicyAction {
    /** Revert to the previous release. */
    ROLLBACK,
    /** Record and notify only. */
    ALERT,
    /** Stop serving the deployment. */
    TAKEDOWN
}
