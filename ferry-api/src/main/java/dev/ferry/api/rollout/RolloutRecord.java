package dev.ferry.api.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reconciler's record of one change to a deployment: a release being rolled out, a prune, a
 * refused commit or an automatic policy decision. A canary's progress lives here, so a restarted
 * reconciler continues from the step it was at.
 *
 * @param id unique, sortable by creation; also the CloudEvents context id of the rollout
 * @param deployment the deployment's name
 * @param commit the desired-state commit it applies
 * @param strategy {@code rolling}, {@code canary}, {@code shadow}, {@code ab}, {@code prune},
 *     {@code refused} or {@code policy-<action>}
 * @param target the desired routing it works towards, as text; equal targets are the same release
 * @param changes what it changed, one line each, in order
 * @param step for a canary: the index of the current step in {@code rollout.steps}; otherwise 0
 * @param result where it stands
 * @param message a one-line summary for people
 * @param evidence what automatic decisions were based on (analysis windows, rates, quantiles)
 * @param startedAt when it started
 * @param finishedAt when it finished, empty while progressing
 */
public record RolloutRecord(
        String id,
        String deployment,
        String commit,
        String strategy,
        String target,
        List<String> changes,
        int step,
        RolloutResult result,
        String message,
        Map<String, Object> evidence,
        Instant startedAt,
        Optional<Instant> finishedAt) {

    /** The strategy of records written for a refused commit. */
    public static final String REFUSED = "refused";

    /** The strategy of records written when a deployment left Git. */
    public static final String PRUNE = "prune";

    /** The prefix of the strategy of records of automatic policy decisions. */
    public static final String POLICY_PREFIX = "policy-";

    public RolloutRecord {
        changes = List.copyOf(changes);
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    /** How long it took, or has taken so far at {@code now}. */
    public Duration duration(Instant now) {
        return Duration.between(startedAt, finishedAt.orElse(now));
    }

    /** Whether this record is about a release (not a policy decision or a refused commit). */
    public boolean isRelease() {
        return !strategy.startsWith(POLICY_PREFIX) && !strategy.equals(REFUSED);
    }

    /** A copy with another result, message and finish time. */
    public RolloutRecord finish(RolloutResult newResult, String newMessage, Instant at) {
        return new RolloutRecord(
                id,
                deployment,
                commit,
                strategy,
                target,
                changes,
                step,
                newResult,
                newMessage,
                evidence,
                startedAt,
                Optional.of(at));
    }

    /** A copy at another step, with more changes and evidence, still progressing. */
    public RolloutRecord progress(
            int newStep, List<String> moreChanges, Map<String, Object> moreEvidence, String m) {
        List<String> allChanges = new java.util.ArrayList<>(changes);
        allChanges.addAll(moreChanges);
        Map<String, Object> allEvidence = new LinkedHashMap<>(evidence);
        allEvidence.putAll(moreEvidence);
        return new RolloutRecord(
                id,
                deployment,
                commit,
                strategy,
                target,
                allChanges,
                newStep,
                result,
                m,
                allEvidence,
                startedAt,
                finishedAt);
    }
}
