package dev.ferry.api.rollout;

import java.time.Instant;
import java.util.Optional;

/**
 * What the reconciler last did to a deployment, and whether it may touch it.
 *
 * @param deployment the deployment's name
 * @param appliedCommit the last desired-state commit applied to it
 * @param suspended whether the reconciler leaves it as it is
 * @param message a one-line status for people, e.g. a refused commit's first problem
 * @param updatedAt when this status last changed
 */
public record DeploymentStatus(
        String deployment,
        Optional<String> appliedCommit,
        boolean suspended,
        String message,
        Instant updatedAt) {

    /** A copy with another applied commit and message. */
    public DeploymentStatus applied(String commit, String newMessage, Instant at) {
        return new DeploymentStatus(deployment, Optional.of(commit), suspended, newMessage, at);
    }

    /** A copy with another message. */
    public DeploymentStatus withMessage(String newMessage, Instant at) {
        return new DeploymentStatus(deployment, appliedCommit, suspended, newMessage, at);
    }

    /** A copy suspended or resumed. */
    public DeploymentStatus withSuspended(boolean value, String newMessage, Instant at) {
        return new DeploymentStatus(deployment, appliedCommit, value, newMessage, at);
    }

    /** The status of a deployment the reconciler has not touched yet. */
    public static DeploymentStatus initial(String deployment, Instant at) {
        return new DeploymentStatus(deployment, Optional.empty(), false, "", at);
    }
}
