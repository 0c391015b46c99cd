package dev.ferry.gitops.reconcile;

import dev.ferry.api.deployment.ActualState;
import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.deployment.RolloutStrategy;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.ServingTarget;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.api.rollout.RolloutRecord;
import dev.ferry.api.rollout.RolloutResult;
import dev.ferry.api.rollout.RolloutStore;
import dev.ferry.core.metadata.Ids;
import dev.ferry.gitops.desired.DesiredState;
import dev.ferry.gitops.desired.DesiredStateReader;
import dev.ferry.gitops.promotion.Rollback;
import dev.ferry.gitops.remote.RemoteStatus;
import dev.ferry.gitops.remote.Upstream;
import dev.ferry.gitops.repository.CommitInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One reconcile pass: observe (the desired state of the environment it follows, resolved through
 * the registry, and what the serving target runs), plan each deployment (a new release, the next
 * canary step, or nothing), apply (load, route, verify health, prune, unload) and record (rollout
 * records, statuses, events), then let the release policies judge what serves. Every decision is
 * derived from Git, the store and the target, so a pass repeated, or run by a restarted reconciler,
 * converges to the same state.
 */
public final class Reconciler {
    private final DesiredStateReader reader;
    private final Upstream upstream;
    private final DesiredRouting routing;
    private final ServingTarget target;
    private final ReconcilerOptions options;
    private final Clock clock;
    private final Ids ids;
    private final Consumer<String> progress;
    private final Applier applier;
    private final CanaryDriver canaries;
    private final PolicyDecisions policies;
    private final SourceRecorder source;
    private final RolloutLedger ledger;
    private String lastRemoteProblem = "";

    public Reconciler(
            DesiredStateReader reader,
            Upstream upstream,
            DesiredRouting routing,
            ServingTarget target,
            RolloutStore store,
            RolloutEvents events,
            Rollback rollback,
            ReconcilerOptions options,
            Clock clock,
            Consumer<String> progress) {
        this.reader = reader;
        this.upstream = upstream;
        this.routing = routing;
        this.target = target;
        this.options = options;
        this.clock = clock;
        this.ids = new Ids(clock, new java.security.SecureRandom());
        this.progress = progress;
        this.applier = new Applier(target, options, progress);
        this.source = new SourceRecorder(store, options.environment().name(), progress);
        this.canaries = new CanaryDriver(target, options.analysis(), progress);
        this.ledger =
                new RolloutLedger(
                        store, events, canaries, options.environment(), ids, clock, progress);
        this.policies =
                new PolicyDecisions(
                        target,
                        store,
                        events,
                        upstream,
                        rollback,
                        options.environment(),
                        options.analysis().minRequests(),
                        ids,
                        progress);
    }

    /**
     * What a pass did.
     *
     * @param commit the commit it read
     * @param refused whether the commit was refused
     * @param changed the deployments it changed (including rollout records and decisions)
     * @param wakeAfter when the next pass is due at the latest (a canary window, a rollback)
     * @param remote the remote's status after this pass's fetch
     */
    public record Pass(
            String commit,
            boolean refused,
            Set<String> changed,
            Optional<Duration> wakeAfter,
            RemoteStatus remote) {}

    /** Runs one pass; safe to call from several threads (passes do not overlap). */
    public synchronized Pass reconcile() throws InterruptedException {
        Instant now = clock.instant();
        // Never blocks: while the remote is unreachable the last fetched state is reconciled.
        RemoteStatus remote = upstream.fetch();
        source.record(remote, clock.instant());
        if (remote instanceof RemoteStatus.Unreachable || remote instanceof RemoteStatus.Refused) {
            if (!remote.describe().equals(lastRemoteProblem)) {
                progress.accept("desired-state remote: " + remote.describe());
            }
            lastRemoteProblem = remote.describe();
        } else {
            lastRemoteProblem = "";
        }
        DesiredState state = reader.at(options.environment());
        ActualState actual = target.actual();
        CommitInfo commit = state.commit();
        Set<String> changed = new java.util.TreeSet<>();
        if (state instanceof DesiredState.Refused refused) {
            Map<String, List<Problem>> byDeployment = new TreeMap<>();
            refused.problems()
                    .forEach(
                            p ->
                                    byDeployment
                                            .computeIfAbsent(
                                                    deploymentOf(p), k -> new ArrayList<>())
                                            .add(p));
            byDeployment.forEach(
                    (name, problems) -> {
                        if (ledger.refused(name, commit, refused.status(), problems, now)) {
                            changed.add(name);
                        }
                    });
            return new Pass(commit.id(), true, changed, canaries.nextDue(now), remote);
        }
        DesiredState.Accepted accepted = (DesiredState.Accepted) state;
        DesiredRouting.Result resolved = routing.resolve(accepted.deployments());
        Map<String, List<Problem>> unresolved = new TreeMap<>();
        resolved.refused()
                .forEach(
                        p ->
                                unresolved
                                        .computeIfAbsent(deploymentOf(p), k -> new ArrayList<>())
                                        .add(p));
        Map<String, Routing> effective = new TreeMap<>();
        List<Plan> plans = new ArrayList<>();
        for (ModelDeployment d : accepted.deployments()) {
            String name = d.name();
            Optional<Routing> current = Optional.ofNullable(actual.deployments().get(name));
            if (ledger.suspended(name)) {
                current.ifPresent(r -> effective.put(name, r));
                continue;
            }
            if (unresolved.containsKey(name)) {
                List<Problem> problems = unresolved.get(name);
                String message =
                        "refused commit "
                                + commit.shortId()
                                + " ("
                                + commit.subject()
                                + "): "
                                + problems.getFirst().message();
                if (ledger.refused(name, commit, message, problems, now)) {
                    changed.add(name);
                }
                current.ifPresent(r -> effective.put(name, r));
                continue;
            }
            Plan plan = plan(d, resolved.resolved().get(name), current, commit, actual, now);
            plan.routing().ifPresent(r -> effective.put(name, r));
            plans.add(plan);
        }
        Set<String> inGit =
                accepted.deployments().stream()
                        .map(ModelDeployment::name)
                        .collect(Collectors.toSet());
        actual.deployments()
                .forEach(
                        (name, r) -> {
                            if (!inGit.contains(name) && ledger.suspended(name)) {
                                effective.put(name, r);
                            }
                        });
        for (Plan plan : plans) {
            if (plan.begun()) {
                policies.reset(plan.name());
                ledger.begin(plan, commit);
            }
        }
        Applier.Outcome outcome = applier.apply(effective, actual);
        for (Plan plan : plans) {
            Optional<String> failure = Optional.ofNullable(outcome.failed().get(plan.name()));
            boolean routed = outcome.routed().contains(plan.name());
            if (ledger.outcome(plan, failure, routed, commit, now)) {
                changed.add(plan.name());
            }
        }
        for (String name : outcome.pruned()) {
            ledger.pruned(name, commit, actual.deployments().get(name), now);
            changed.add(name);
        }
        boolean decided = false;
        for (Plan plan : plans) {
            boolean steady =
                    plan.record().isEmpty()
                            || plan.record().get().result() == RolloutResult.SUCCEEDED
                                    && plan.onSuccess() == RolloutResult.SUCCEEDED;
            if (steady
                    && plan.routing().isPresent()
                    && !outcome.failed().containsKey(plan.name())) {
                Optional<dev.ferry.api.deployment.PolicyAction> action =
                        policies.judge(plan.deployment(), commit, now);
                if (action.isPresent()) {
                    changed.add(plan.name());
                    // A rollback commit is applied by the next pass, at once.
                    decided |= action.get() == dev.ferry.api.deployment.PolicyAction.ROLLBACK;
                }
            }
        }
        Optional<Duration> wake = decided ? Optional.of(Duration.ZERO) : canaries.nextDue(now);
        return new Pass(commit.id(), false, changed, wake, remote);
    }

    private Plan plan(
            ModelDeployment d,
            Routing git,
            Optional<Routing> current,
            CommitInfo commit,
            ActualState actual,
            Instant now) {
        boolean canary =
                d.rollout().strategy() == RolloutStrategy.CANARY && Routings.canCanary(git);
        String targetText =
                d.rollout().strategy().manifestName()
                        + (canary ? " " + d.rollout().steps() : "")
                        + " "
                        + Routings.text(git);
        Optional<RolloutRecord> last =
                ledger.history(d.name()).stream()
                        .filter(RolloutRecord::isRelease)
                        .filter(r -> !r.strategy().equals(RolloutRecord.PRUNE))
                        .findFirst()
                        .filter(r -> r.target().equals(targetText));
        if (last.isPresent()) {
            RolloutRecord r = last.get();
            return switch (r.result()) {
                case PROGRESSING ->
                        canary
                                ? canaries.next(d, git, r, current, now)
                                : new Plan(
                                        d,
                                        Optional.of(git),
                                        Optional.of(r),
                                        false,
                                        false,
                                        RolloutResult.SUCCEEDED,
                                        false);
                case SUCCEEDED ->
                        Plan.steady(d, Optional.of(canary ? Routings.completed(git) : git));
                case ABORTED -> Plan.steady(d, Optional.of(Routings.stableOnly(git)));
                case FAILED, REFUSED -> Plan.steady(d, current);
            };
        }
        Routing first = canary ? Routings.canaryAt(git, d.rollout().steps().getFirst()) : git;
        if (!canary && current.isPresent() && current.get().equals(first)) {
            return Plan.steady(d, current);
        }
        boolean progressing = canary && d.rollout().steps().getFirst() < 100;
        RolloutRecord record =
                new RolloutRecord(
                        ids.newId(),
                        d.name(),
                        commit.id(),
                        d.rollout().strategy().manifestName(),
                        targetText,
                        changes(current, first, actual.loaded()),
                        0,
                        RolloutResult.PROGRESSING,
                        progressing
                                ? CanaryDriver.message(d, git, d.rollout().steps().getFirst())
                                : d.rollout().strategy().manifestName()
                                        + " to "
                                        + Routings.text(first),
                        Map.of(),
                        now,
                        Optional.empty());
        return new Plan(
                d,
                Optional.of(first),
                Optional.of(record),
                true,
                false,
                progressing ? RolloutResult.PROGRESSING : RolloutResult.SUCCEEDED,
                progressing);
    }

    private static List<String> changes(
            Optional<Routing> current, Routing next, Set<VersionKey> loaded) {
        List<String> lines = new ArrayList<>();
        next.versions()
                .filter(v -> !loaded.contains(v))
                .distinct()
                .sorted()
                .forEach(v -> lines.add("load " + v));
        if (current.isEmpty() || !current.get().equals(next)) {
            lines.add("route " + Routings.text(next));
        }
        return lines;
    }

    /** The deployment a problem is about, from its file {@code <directory>/<name>.yaml}. */
    static String deploymentOf(Problem p) {
        String file = p.at().file();
        String base = file.substring(file.lastIndexOf('/') + 1);
        return base.endsWith(".yaml") ? base.substring(0, base.length() - 5) : base;
    }
}
