package dev.ferry.gitops.promotion;

import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.promotion.Evidence;
import dev.ferry.api.promotion.Promotion;
import dev.ferry.api.promotion.PromotionState;
import dev.ferry.api.promotion.PromotionStore;
import dev.ferry.core.metadata.Ids;
import dev.ferry.gitops.desired.DesiredState;
import dev.ferry.gitops.desired.DesiredStateReader;
import dev.ferry.gitops.remote.RemoteStatus;
import dev.ferry.gitops.remote.RemoteUnavailableException;
import dev.ferry.gitops.remote.Upstream;
import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.Environment;
import dev.ferry.gitops.repository.FileChange;
import dev.ferry.gitops.repository.GitOpsException;
import dev.ferry.gitops.repository.GitOpsLayout;
import dev.ferry.gitops.staging.StagingGate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Promotion requests from the staging environment to production: opens one after the staging gate
 * verified a deployment, merges it when the deployment's policy says so or someone approves, and
 * records every step in the {@link PromotionStore}. A merge copies the manifest exactly as it was
 * verified (at the request's staging commit) into production, as one commit: onto the production
 * branch, or, in the directory layout, into the production directory of the same branch.
 */
public final class PromotionRequests {
    /** Who decided an automatic merge. */
    public static final String POLICY = "policy (spec.promotion.auto)";

    private final DesiredStateRepository repository;
    private final GitOpsLayout layout;
    private final Upstream upstream;
    private final DesiredStateReader reader;
    private final PromotionStore store;
    private final Clock clock;
    private final Ids ids;

    public PromotionRequests(
            DesiredStateRepository repository,
            GitOpsLayout layout,
            Upstream upstream,
            DesiredStateReader reader,
            PromotionStore store,
            Clock clock,
            Ids ids) {
        this.repository = repository;
        this.layout = layout;
        this.upstream = upstream;
        this.reader = reader;
        this.store = store;
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * Runs {@code gate} on {@code deployment} as the staging environment declares it now, records a
     * request (failed when a check failed) and merges it at once when its policy is auto.
     */
    public Promotion open(String deployment, StagingGate gate) {
        RemoteStatus status = upstream.fetch();
        if (!status.synced()) {
            throw new GitOpsException(status.describe());
        }
        Environment from = layout.staging();
        Environment to = layout.production();
        CommitInfo staging =
                repository
                        .head(from.branch())
                        .orElseThrow(() -> new GitOpsException(noBranch(from.branch())));
        ModelDeployment d = declared(staging, deployment);
        byte[] proposed =
                repository.read(staging.id(), from.manifestPath(deployment)).orElseThrow();
        String path = to.manifestPath(deployment);
        Optional<CommitInfo> production = repository.head(to.branch());
        byte[] current = production.flatMap(c -> repository.read(c.id(), path)).orElse(new byte[0]);
        if (Arrays.equals(current, proposed)) {
            throw new GitOpsException(
                    "nothing to promote: "
                            + to.name()
                            + " already declares "
                            + deployment
                            + " as "
                            + from.name()
                            + " does");
        }
        List<Evidence> evidence = gate.verify(d, staging);
        boolean passed = evidence.stream().allMatch(Evidence::passed);
        Instant now = clock.instant();
        Promotion request =
                new Promotion(
                        ids.newId(),
                        deployment,
                        models(d),
                        staging.id(),
                        production.map(CommitInfo::id),
                        ManifestDiff.of(
                                to.branch() + ":" + path,
                                current,
                                from.branch() + ":" + from.manifestPath(deployment),
                                proposed),
                        evidence,
                        passed ? PromotionState.OPEN : PromotionState.FAILED,
                        now,
                        now,
                        Optional.empty(),
                        Optional.empty(),
                        passed
                                ? Optional.empty()
                                : evidence.stream()
                                        .filter(e -> !e.passed())
                                        .findFirst()
                                        .map(
                                                e ->
                                                        "staging gate: "
                                                                + e.check()
                                                                + ": "
                                                                + e.detail()));
        store.create(request);
        if (passed && d.promotion().auto()) {
            return approve(request.id(), POLICY);
        }
        return request;
    }

    /**
     * Merges an open request into production.
     *
     * @throws GitOpsException when it is not open, or the production manifest changed since it was
     *     opened (the request is then failed: open a new one)
     */
    public Promotion approve(String idOrPrefix, String by) {
        Promotion p = find(idOrPrefix);
        store.transition(
                p.id(),
                Set.of(PromotionState.OPEN),
                PromotionState.APPROVED,
                PromotionStore.Transition.by(by),
                clock.instant());
        try {
            CommitInfo merged = upstream.write(layout.production().branch(), () -> merge(p, by));
            return store.transition(
                    p.id(),
                    Set.of(PromotionState.APPROVED),
                    PromotionState.MERGED,
                    new PromotionStore.Transition(
                            Optional.of(merged.id()), Optional.empty(), Optional.empty()),
                    clock.instant());
        } catch (RemoteUnavailableException e) {
            // Nothing was merged and the request still holds: it can be approved again later.
            store.transition(
                    p.id(),
                    Set.of(PromotionState.APPROVED),
                    PromotionState.OPEN,
                    new PromotionStore.Transition(
                            Optional.empty(), Optional.empty(), Optional.of(e.getMessage())),
                    clock.instant());
            throw e;
        } catch (RuntimeException e) {
            store.transition(
                    p.id(),
                    Set.of(PromotionState.APPROVED),
                    PromotionState.FAILED,
                    new PromotionStore.Transition(
                            Optional.empty(), Optional.empty(), Optional.of(e.getMessage())),
                    clock.instant());
            throw e;
        }
    }

    /** Closes an open request without merging it. */
    public Promotion reject(String idOrPrefix, String by, Optional<String> reason) {
        Promotion p = find(idOrPrefix);
        return store.transition(
                p.id(),
                Set.of(PromotionState.OPEN),
                PromotionState.REJECTED,
                new PromotionStore.Transition(Optional.empty(), Optional.of(by), reason),
                clock.instant());
    }

    /**
     * Copies the verified manifest into production: onto the production branch, or into the
     * production directory of the one branch, as one commit.
     */
    private CommitInfo merge(Promotion p, String by) {
        Environment from = layout.staging();
        Environment to = layout.production();
        String path = to.manifestPath(p.deployment());
        Optional<CommitInfo> head = repository.head(to.branch());
        Optional<byte[]> base = p.baseCommit().flatMap(c -> repository.read(c, path));
        Optional<byte[]> now = head.flatMap(c -> repository.read(c.id(), path));
        if (!sameBytes(base, now)) {
            throw new GitOpsException(
                    path
                            + " changed on "
                            + to.name()
                            + " since promotion request "
                            + p.id()
                            + " was opened; merging it would undo that change. Promote again to"
                            + " open a new request");
        }
        byte[] verified =
                repository.read(p.stagingCommit(), from.manifestPath(p.deployment())).orElseThrow();
        String message =
                "Promote "
                        + p.deployment()
                        + " to "
                        + to.name()
                        + ": "
                        + p.model()
                        + "\n\n"
                        + "Verified on "
                        + from.name()
                        + " at "
                        + p.stagingCommit().substring(0, 10)
                        + " ("
                        + p.evidence().stream()
                                .map(Evidence::check)
                                .collect(Collectors.joining(", "))
                        + "); approved by "
                        + by
                        + ".\n\n"
                        + Trailers.DEPLOYMENT
                        + ": "
                        + p.deployment()
                        + "\n"
                        + Trailers.ACTION
                        + ": "
                        + Trailers.PROMOTE
                        + "\n"
                        + Trailers.MODEL
                        + ": "
                        + p.model()
                        + "\n"
                        + Trailers.PROMOTION
                        + ": "
                        + p.id()
                        + "\n"
                        + Trailers.STAGING_COMMIT
                        + ": "
                        + p.stagingCommit()
                        + "\n";
        return repository.commit(
                to.branch(),
                head.map(CommitInfo::id),
                List.of(FileChange.write(path, verified)),
                message);
    }

    private Promotion find(String idOrPrefix) {
        return store.find(idOrPrefix)
                .orElseThrow(
                        () ->
                                new GitOpsException(
                                        "no promotion request '"
                                                + idOrPrefix
                                                + "' (see ferry promotions)"));
    }

    private ModelDeployment declared(CommitInfo staging, String deployment) {
        DesiredState state = reader.at(staging, layout.staging());
        if (state instanceof DesiredState.Refused refused) {
            throw new GitOpsException(
                    layout.staging().name() + " cannot be promoted: " + refused.status());
        }
        return ((DesiredState.Accepted) state)
                .find(deployment)
                .orElseThrow(
                        () ->
                                new GitOpsException(
                                        "deployment "
                                                + deployment
                                                + " is not on "
                                                + layout.staging()
                                                + ": promote a model to it first"));
    }

    private static String models(ModelDeployment d) {
        return d.predictors().stream()
                        .map(
                                p ->
                                        p.model().toString()
                                                + (p.weight() == 100 ? "" : " " + p.weight() + "%"))
                        .collect(Collectors.joining(", "))
                + d.shadow().map(s -> ", shadow " + s.model()).orElse("");
    }

    private static boolean sameBytes(Optional<byte[]> a, Optional<byte[]> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || Arrays.equals(a.get(), b.get()));
    }

    private static String noBranch(String branch) {
        return "branch " + branch + " does not exist; run ferry gitops init first";
    }
}
