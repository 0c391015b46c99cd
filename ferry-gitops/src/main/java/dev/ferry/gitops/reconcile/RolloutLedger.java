package dev.ferry.gitops.reconcile;

import dev.ferry.api.deployment.Routing;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.api.rollout.DeploymentStatus;
import dev.ferry.api.rollout.RolloutRecord;
import dev.ferry.api.rollout.RolloutResult;
import dev.ferry.api.rollout.RolloutStore;
import dev.ferry.core.manifest.Durations;
import dev.ferry.core.metadata.Ids;
import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.Environment;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Writes down what a reconcile pass decided and what applying it came to: rollout records, each
 * deployment's status, the rollout events and the progress lines. Records are written before the
 * routing is applied (a begun rollout) and after (its outcome), so a pass cut short leaves a record
 * the next pass picks up.
 */
final class RolloutLedger {
    /** How many of a deployment's latest records a pass looks through. */
    static final int HISTORY = 50;

    private final RolloutStore store;
    private final RolloutEvents events;
    private final CanaryDriver canaries;
    private final Environment environment;
    private final Ids ids;
    private final Clock clock;
    private final Consumer<String> progress;

    RolloutLedger(
            RolloutStore store,
            RolloutEvents events,
            CanaryDriver canaries,
            Environment environment,
            Ids ids,
            Clock clock,
            Consumer<String> progress) {
        this.store = store;
        this.events = events;
        this.canaries = canaries;
        this.environment = environment;
        this.ids = ids;
        this.clock = clock;
        this.progress = progress;
    }

    /** The deployment's latest records, newest first. */
    List<RolloutRecord> history(String name) {
        return store.history(name, HISTORY);
    }

    /** Saves a rollout a plan begins, before its routing is applied. */
    void begin(Plan plan, CommitInfo commit) {
        RolloutRecord r = plan.record().orElseThrow();
        store.save(r);
        events.begin(r);
        progress.accept(plan.name() + ": " + r.message() + " (commit " + commit.shortId() + ")");
    }

    /** Saves what a plan came to once applied; true when something changed. */
    boolean outcome(
            Plan plan, Optional<String> failure, boolean routed, CommitInfo commit, Instant now) {
        String name = plan.name();
        if (plan.record().isEmpty()) {
            return steady(plan, failure, routed, commit, now);
        }
        RolloutRecord r = plan.record().get();
        if (failure.isPresent()) {
            RolloutRecord failed =
                    r.finish(
                            RolloutResult.FAILED,
                            "failed: " + failure.get() + "; what served before keeps serving",
                            now);
            store.save(failed);
            events.finished(failed);
            canaries.forget(name);
            progress.accept(name + ": " + failed.message());
            updateStatus(name, s -> s.withMessage(failed.message(), now));
            return true;
        }
        RolloutRecord saved =
                plan.onSuccess().finished() ? r.finish(plan.onSuccess(), r.message(), now) : r;
        store.save(saved);
        if (plan.stepped()) {
            events.progressed(saved);
            progress.accept(name + ": " + saved.message());
        }
        if (saved.result().finished()) {
            events.finished(saved);
            canaries.forget(name);
            progress.accept(
                    name
                            + ": "
                            + saved.result().display()
                            + " - "
                            + saved.message()
                            + " ("
                            + Durations.format(saved.duration(now))
                            + ")");
        }
        if (plan.startWindow()) {
            canaries.startWindow(plan.deployment(), saved, now);
        }
        updateStatus(name, s -> s.applied(commit.id(), saved.message(), now));
        return true;
    }

    /** A plan with no rollout: only the status moves, and a restored routing is told. */
    private boolean steady(
            Plan plan, Optional<String> failure, boolean restored, CommitInfo commit, Instant now) {
        String name = plan.name();
        if (failure.isPresent()) {
            progress.accept(name + ": " + failure.get());
            updateStatus(name, s -> s.withMessage(failure.get(), now));
            return true;
        }
        if (restored) {
            progress.accept(name + ": restored " + Routings.text(plan.routing().orElseThrow()));
        }
        Optional<DeploymentStatus> status = store.status(name);
        if (status.isEmpty() || !status.get().appliedCommit().equals(Optional.of(commit.id()))) {
            // A refusal's message is about a commit that is no longer the head: drop it.
            boolean refusalOver = lastRecordRefused(name);
            updateStatus(
                    name,
                    s ->
                            s.applied(
                                    commit.id(),
                                    s.message().isEmpty() || restored || refusalOver
                                            ? "serving "
                                                    + plan.routing()
                                                            .map(Routings::text)
                                                            .orElse("nothing")
                                            : s.message(),
                                    now));
        }
        return restored;
    }

    /** Records that a deployment left Git and was removed from serving. */
    void pruned(String name, CommitInfo commit, Routing before, Instant now) {
        RolloutRecord r =
                new RolloutRecord(
                        ids.newId(),
                        name,
                        commit.id(),
                        RolloutRecord.PRUNE,
                        "",
                        List.of("remove " + (before == null ? name : Routings.text(before))),
                        0,
                        RolloutResult.SUCCEEDED,
                        "removed from serving: " + environment.manifestPath(name) + " left Git",
                        Map.of(),
                        now,
                        Optional.of(now));
        store.save(r);
        events.begin(r);
        events.finished(r);
        canaries.forget(name);
        progress.accept(name + ": " + r.message());
        updateStatus(name, s -> s.applied(commit.id(), r.message(), now));
    }

    /** Records a refused commit for a deployment once; true when it was new. */
    boolean refused(
            String name, CommitInfo commit, String message, List<Problem> problems, Instant now) {
        boolean known =
                history(name).stream()
                        .anyMatch(
                                r ->
                                        r.result() == RolloutResult.REFUSED
                                                && r.commit().equals(commit.id()));
        if (known) {
            return false;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("problems", problems.stream().map(Problem::render).toList());
        RolloutRecord r =
                new RolloutRecord(
                        ids.newId(),
                        name,
                        commit.id(),
                        RolloutRecord.REFUSED,
                        "",
                        List.of(),
                        0,
                        RolloutResult.REFUSED,
                        message + "; what served before keeps serving",
                        evidence,
                        now,
                        Optional.of(now));
        store.save(r);
        events.refused(r);
        progress.accept(name + ": " + r.message());
        updateStatus(name, s -> s.withMessage(r.message(), now));
        return true;
    }

    /** Whether {@code ferry suspend} holds the deployment where it is. */
    boolean suspended(String name) {
        return store.status(name).map(DeploymentStatus::suspended).orElse(false);
    }

    private boolean lastRecordRefused(String name) {
        return store.history(name, 1).stream()
                .findFirst()
                .map(r -> r.result() == RolloutResult.REFUSED)
                .orElse(false);
    }

    private void updateStatus(String name, UnaryOperator<DeploymentStatus> change) {
        // Read fresh: ferry suspend may have written since the pass began.
        DeploymentStatus s =
                store.status(name).orElseGet(() -> DeploymentStatus.initial(name, clock.instant()));
        store.saveStatus(change.apply(s));
    }
}
