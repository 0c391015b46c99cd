package dev.ferry.gitops.reconcile;

import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.deployment.PolicyAction;
import dev.ferry.api.deployment.ServingTarget;
import dev.ferry.api.deployment.ServingTargetException;
import dev.ferry.api.rollout.DeploymentStatus;
import dev.ferry.api.rollout.RolloutRecord;
import dev.ferry.api.rollout.RolloutResult;
import dev.ferry.api.rollout.RolloutStore;
import dev.ferry.core.metadata.Ids;
import dev.ferry.gitops.promotion.NotRollbackableException;
import dev.ferry.gitops.promotion.Rollback;
import dev.ferry.gitops.remote.Upstream;
import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.Environment;
import dev.ferry.gitops.repository.GitOpsException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Acts on a deployment's release policy: rollback writes a revert commit of the last promotion (the
 * next pass applies it), alert only records and emits, takedown stops serving and suspends the
 * deployment until {@code ferry resume}. A release marked not rollback-able, or with no promotion
 * left to revert, gets an alert instead. Every decision is a rollout record with its evidence.
 */
final class PolicyDecisions {
    private final ServingTarget target;
    private final RolloutStore store;
    private final RolloutEvents events;
    private final Upstream upstream;
    private final Rollback rollback;
    private final Environment environment;
    private final PolicyMonitor monitor;
    private final Ids ids;
    private final Consumer<String> progress;

    PolicyDecisions(
            ServingTarget target,
            RolloutStore store,
            RolloutEvents events,
            Upstream upstream,
            Rollback rollback,
            Environment environment,
            long minRequests,
            Ids ids,
            Consumer<String> progress) {
        this.target = target;
        this.store = store;
        this.events = events;
        this.upstream = upstream;
        this.rollback = rollback;
        this.environment = environment;
        this.monitor = new PolicyMonitor(minRequests);
        this.ids = ids;
        this.progress = progress;
    }

    /** Forgets a deployment's observations, e.g. when a new release starts. */
    void reset(String deployment) {
        monitor.reset(deployment);
    }

    /** Observes a serving deployment; the action taken when a rule fired. */
    Optional<PolicyAction> judge(ModelDeployment d, CommitInfo commit, Instant now) {
        Optional<PolicyMonitor.Decision> fired =
                monitor.observe(d.name(), d.policy(), target.stats(d.name()), now);
        if (fired.isEmpty()) {
            return Optional.empty();
        }
        PolicyMonitor.Decision decision = fired.get();
        PolicyAction action = decision.action();
        List<String> changes = new ArrayList<>();
        Map<String, Object> evidence = new LinkedHashMap<>(decision.evidence());
        evidence.put("rule", decision.rule());
        evidence.put("action", action.name().toLowerCase(Locale.ROOT));
        String message = decision.rule() + ": " + decision.reason();
        switch (action) {
            case ROLLBACK -> {
                try {
                    Rollback.Result r =
                            upstream.write(
                                    environment.branch(),
                                    () -> rollback.rollback(d.name(), environment));
                    changes.add("commit " + r.commit().shortId() + " " + r.commit().subject());
                    message += "; rolled back with commit " + r.commit().shortId();
                } catch (NotRollbackableException e) {
                    action = PolicyAction.ALERT;
                    message += "; alerting instead of rolling back: " + e.getMessage();
                } catch (GitOpsException e) {
                    action = PolicyAction.ALERT;
                    message += "; alerting instead of rolling back: " + e.getMessage();
                }
            }
            case TAKEDOWN -> {
                try {
                    target.remove(d.name());
                    changes.add("remove " + d.name());
                    message += "; taken down until ferry resume " + d.name();
                    DeploymentStatus s =
                            store.status(d.name())
                                    .orElseGet(() -> DeploymentStatus.initial(d.name(), now));
                    store.saveStatus(s.withSuspended(true, message, now));
                } catch (ServingTargetException e) {
                    action = PolicyAction.ALERT;
                    message += "; could not take it down: " + e.getMessage();
                }
            }
            case ALERT -> {}
        }
        RolloutRecord r =
                new RolloutRecord(
                        ids.newId(),
                        d.name(),
                        commit.id(),
                        RolloutRecord.POLICY_PREFIX + action.name().toLowerCase(Locale.ROOT),
                        "",
                        changes,
                        0,
                        RolloutResult.SUCCEEDED,
                        message,
                        evidence,
                        now,
                        Optional.of(now));
        store.save(r);
        events.decided(r);
        progress.accept(d.name() + ": policy " + r.strategy().substring(7) + " - " + message);
        if (action != PolicyAction.TAKEDOWN) {
            store.status(d.name())
                    .ifPresent(s -> store.saveStatus(s.withMessage(r.message(), now)));
        }
        return Optional.of(action);
    }
}
