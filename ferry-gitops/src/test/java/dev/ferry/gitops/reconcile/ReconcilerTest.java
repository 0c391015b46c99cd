package dev.ferry.gitops.reconcile;

import static dev.ferry.gitops.reconcile.GitOpsFixture.CANARY_ROLLOUT;
import static dev.ferry.gitops.reconcile.GitOpsFixture.canary;
import static dev.ferry.gitops.reconcile.GitOpsFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.deployment.Route;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.api.rollout.DeploymentStatus;
import dev.ferry.api.rollout.RolloutRecord;
import dev.ferry.api.rollout.RolloutResult;
import dev.ferry.gitops.reconcile.InMemoryServingTarget.Behaviour;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconciler against a real Git repository, registry and store, and an in-memory target. */
class ReconcilerTest {
    static final VersionKey V1 = new VersionKey("mnist", 1);
    static final VersionKey V2 = new VersionKey("mnist", 2);

    @TempDir Path tmp;
    GitOpsFixture f;
    Reconciler reconciler;

    @BeforeEach
    void open() {
        f = new GitOpsFixture(tmp).models("mnist", 2);
        reconciler = f.reconciler(Optional.empty());
    }

    @AfterEach
    void close() {
        f.close();
    }

    Reconciler.Pass pass() throws InterruptedException {
        Reconciler.Pass p = reconciler.reconcile();
        f.clock.advance(Duration.ofSeconds(2));
        return p;
    }

    List<RolloutRecord> history() {
        return f.store.history("mnist", 100);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> evidence(RolloutRecord r, String key) {
        return (Map<String, Object>) r.evidence().get(key);
    }

    static Routing routing(Route... routes) {
        return new Routing(List.of(routes), Optional.empty());
    }

    /** Deploys mnist@1 alone, then a canary of mnist@2 at 10%, reconciling after each commit. */
    private void startCanaryAtTenPercent(String rollout) throws Exception {
        f.deploy("mnist", only("mnist@1"), rollout, "");
        pass();
        f.deploy("mnist", canary("mnist@1", "mnist@2", 10), rollout, "");
        pass();
    }

    @Test
    void aRollingReleaseLoadsRoutesAndIsRecordedThenASecondPassDoesNothing() throws Exception {
        var commit = f.deploy("mnist", only("mnist@1"), "", "");

        Reconciler.Pass first = pass();

        assertThat(first.changed()).containsExactly("mnist");
        assertThat(f.target.routing("mnist")).isEqualTo(routing(new Route("main", V1, 100)));
        RolloutRecord r = history().getFirst();
        assertThat(r.result()).isEqualTo(RolloutResult.SUCCEEDED);
        assertThat(r.strategy()).isEqualTo("rolling");
        assertThat(r.commit()).isEqualTo(commit.id());
        assertThat(r.changes()).containsExactly("load mnist@1", "route main=mnist@1:100");
        assertThat(f.store.status("mnist").orElseThrow().appliedCommit()).contains(commit.id());

        f.target.calls.clear();
        Reconciler.Pass second = pass();
        assertThat(second.changed()).isEmpty();
        assertThat(f.target.calls).isEmpty();
        assertThat(history()).hasSize(1);
    }

    @Test
    void aCanaryPromotesItselfStepByStepAndEndsWithTheNewVersionTakingAllTraffic()
            throws Exception {
        startCanaryAtTenPercent(CANARY_ROLLOUT);
        assertThat(f.target.routing("mnist"))
                .isEqualTo(routing(new Route("main", V1, 90), new Route("canary", V2, 10)));
        RolloutRecord started = history().getFirst();
        assertThat(started.result()).isEqualTo(RolloutResult.PROGRESSING);
        assertThat(started.step()).isZero();

        assertThat(f.target.send("mnist", 600)).isZero();
        pass();
        assertThat(f.target.routing("mnist"))
                .isEqualTo(routing(new Route("main", V1, 50), new Route("canary", V2, 50)));
        assertThat(history().getFirst().step()).isEqualTo(1);

        f.target.send("mnist", 600);
        pass();
        assertThat(f.target.routing("mnist")).isEqualTo(routing(new Route("main", V2, 100)));
        RolloutRecord done = history().getFirst();
        assertThat(done.id()).isEqualTo(started.id());
        assertThat(done.result()).isEqualTo(RolloutResult.SUCCEEDED);
        assertThat(done.evidence()).containsOnlyKeys("step 1 (10%)", "step 2 (50%)");
        assertThat(evidence(done, "step 1 (10%)"))
                .containsEntry("verdict", "pass")
                .containsKeys("canaryRequests", "stableRequests", "canaryErrorRate");
        assertThat(f.target.actual().loaded()).containsExactly(V2);

        assertThat(pass().changed()).isEmpty();
        assertThat(f.target.routing("mnist")).isEqualTo(routing(new Route("main", V2, 100)));
    }

    @Test
    void aCanaryWaitsForEnoughRequestsBeforeItIsJudged() throws Exception {
        startCanaryAtTenPercent(CANARY_ROLLOUT);

        Reconciler.Pass waiting = pass();
        assertThat(waiting.wakeAfter()).isPresent();
        assertThat(history().getFirst().step()).isZero();
        assertThat(f.lines).anyMatch(l -> l.contains("waiting for traffic: 0 of 20"));

        f.target.send("mnist", 600);
        pass();
        assertThat(history().getFirst().step()).isEqualTo(1);
    }

    @Test
    void aCanaryThatFailsRequestsIsAbortedAndStableKeepsServingUntilANewCommit() throws Exception {
        f.deploy("mnist", only("mnist@1"), CANARY_ROLLOUT, "");
        pass();
        f.target.behave(V2, new Behaviour(0.5, 0.3));
        f.deploy("mnist", canary("mnist@1", "mnist@2", 10), CANARY_ROLLOUT, "");
        pass();

        f.target.send("mnist", 600);
        pass();

        assertThat(f.target.routing("mnist")).isEqualTo(routing(new Route("main", V1, 100)));
        assertThat(f.target.actual().loaded()).containsExactly(V1);
        RolloutRecord aborted = history().getFirst();
        assertThat(aborted.result()).isEqualTo(RolloutResult.ABORTED);
        assertThat(aborted.message()).contains("aborted at 10%").contains("error rate");
        assertThat(evidence(aborted, "step 1 (10%)")).containsEntry("verdict", "fail");

        assertThat(pass().changed()).isEmpty();
        assertThat(f.target.routing("mnist")).isEqualTo(routing(new Route("main", V1, 100)));
    }

    @Test
    void aManifestsStricterLatencyThresholdAbortsACanaryTheDefaultsWouldPromote() throws Exception {
        String strict =
                CANARY_ROLLOUT
                        + "    analysis:\n"
                        + "      latencyQuantile: 0.9\n"
                        + "      maxLatencyRatio: 2\n"
                        + "      maxLatencyIncrease: 2ms\n";
        f.deploy("mnist", only("mnist@1"), CANARY_ROLLOUT, "");
        f.deploy("strict", only("mnist@1"), strict, "");
        pass();
        // mnist@2 answers in about 8 ms where mnist@1 takes 0.3 ms, and never fails.
        f.target.behave(V2, new Behaviour(0, 8));
        f.deploy("mnist", canary("mnist@1", "mnist@2", 10), CANARY_ROLLOUT, "");
        f.deploy("strict", canary("mnist@1", "mnist@2", 10), strict, "");
        pass();

        f.target.send("mnist", 600);
        f.target.send("strict", 600);
        pass();

        // The defaults allow 50 ms more (and judge p99 only from 100 canary requests).
        assertThat(f.target.routing("mnist"))
                .isEqualTo(routing(new Route("main", V1, 50), new Route("canary", V2, 50)));
        assertThat(history().getFirst().result()).isEqualTo(RolloutResult.PROGRESSING);
        // The manifest allows 2 ms more at p90, judged from 10 requests on each side.
        assertThat(f.target.routing("strict")).isEqualTo(routing(new Route("main", V1, 100)));
        RolloutRecord aborted = f.store.history("strict", 10).getFirst();
        assertThat(aborted.result()).isEqualTo(RolloutResult.ABORTED);
        assertThat(aborted.message()).contains("aborted at 10%").contains("canary p90 latency");
        assertThat(evidence(aborted, "step 1 (10%)"))
                .containsEntry("verdict", "fail")
                .containsEntry("latencyJudgedFrom", 10)
                .containsEntry("maxLatencyIncreaseMs", 2.0)
                .containsKey("canaryLatencyp90Ms");
    }

    @Test
    void aManifestsMinimumRequestsTakesThePlaceOfTheReconcilers() throws Exception {
        String patient = CANARY_ROLLOUT + "    analysis:\n      minRequests: 1000\n";
        startCanaryAtTenPercent(patient);

        f.target.send("mnist", 600);
        pass();
        assertThat(history().getFirst().step()).isZero();
        assertThat(f.lines).anyMatch(l -> l.matches(".*waiting for traffic: \\d+ of 1000.*"));

        f.target.send("mnist", 10_000);
        pass();
        assertThat(history().getFirst().step()).isEqualTo(1);
    }

    @Test
    void aRestartedReconcilerContinuesTheCanaryFromTheStepItWasAt() throws Exception {
        startCanaryAtTenPercent(CANARY_ROLLOUT);
        f.target.send("mnist", 600);
        pass();
        assertThat(history().getFirst().step()).isEqualTo(1);

        // The embedded server restarts with the reconciler: nothing is served any more.
        f.target.restart();
        reconciler = f.reconciler(Optional.empty());
        pass();

        assertThat(f.target.routing("mnist"))
                .isEqualTo(routing(new Route("main", V1, 50), new Route("canary", V2, 50)));
        assertThat(history()).hasSize(2);
        f.target.send("mnist", 600);
        pass();
        assertThat(f.target.routing("mnist")).isEqualTo(routing(new Route("main", V2, 100)));
        assertThat(history().getFirst().result()).isEqualTo(RolloutResult.SUCCEEDED);
    }

    @Test
    void aCorruptedManifestCommitIsRefusedOnceWhileTheOldStateKeepsServing() throws Exception {
        f.deploy("mnist", only("mnist@1"), "", "");
        pass();
        var bad =
                f.commit(
                        "Break mnist",
                        Map.of(
                                "deployments/mnist.yaml",
                                "apiVersion: ferry.dev/v1\nkind: ModelDeployment\nmetadata:\n"
                                        + "  name: mnist\nspec:\n  predictors: {oops\n"));

        Reconciler.Pass refused = pass();

        assertThat(refused.refused()).isTrue();
        assertThat(f.target.routing("mnist")).isEqualTo(routing(new Route("main", V1, 100)));
        RolloutRecord r = history().getFirst();
        assertThat(r.result()).isEqualTo(RolloutResult.REFUSED);
        assertThat(r.commit()).isEqualTo(bad.id());
        assertThat(r.message()).startsWith("refused commit " + bad.shortId());
        assertThat(r.evidence().get("problems").toString()).contains("deployments/mnist.yaml:");
        DeploymentStatus status = f.store.status("mnist").orElseThrow();
        assertThat(status.message()).contains("refused commit");
        assertThat(status.appliedCommit()).isNotEqualTo(Optional.of(bad.id()));

        assertThat(pass().changed()).isEmpty();
        assertThat(history()).hasSize(2);
    }

    @Test
    void aFixCommitAfterARefusedOneClearsTheRefusalFromTheStatus() throws Exception {
        f.deploy("mnist", only("mnist@1"), "", "");
        pass();
        f.commit(
                "Break mnist",
                Map.of(
                        "deployments/mnist.yaml",
                        "apiVersion: ferry.dev/v1\nkind: ModelDeployment\nmetadata:\n"
                                + "  name: mnist\nspec:\n  predictors: {oops\n"));
        pass();
        assertThat(f.store.status("mnist").orElseThrow().message()).contains("refused commit");

        // The fix routes exactly as before: nothing to roll out, but the refusal is over.
        var fix = f.deploy("mnist", only("mnist@1"), "", "");
        assertThat(pass().changed()).isEmpty();

        DeploymentStatus status = f.store.status("mnist").orElseThrow();
        assertThat(status.appliedCommit()).hasValue(fix.id());
        assertThat(status.message()).doesNotContain("refused").startsWith("serving ");
        assertThat(f.target.routing("mnist")).isEqualTo(routing(new Route("main", V1, 100)));
    }

    @Test
    void aModelReferenceTheRegistryLacksRefusesOnlyItsDeployment() throws Exception {
        f.deploy("mnist", only("mnist@1"), "", "");
        pass();
        f.deploy("mnist", only("mnist@9"), "", "");
        f.deploy("other", only("mnist@2"), "", "");

        pass();

        assertThat(f.target.routing("mnist")).isEqualTo(routing(new Route("main", V1, 100)));
        assertThat(f.target.routing("other")).isEqualTo(routing(new Route("main", V2, 100)));
        assertThat(history().getFirst().result()).isEqualTo(RolloutResult.REFUSED);
        assertThat(history().getFirst().message()).contains("mnist@9");
    }

    @Test
    void aSuspendedDeploymentIsLeftAsItIsUntilResumed() throws Exception {
        f.deploy("mnist", only("mnist@1"), "", "");
        pass();
        DeploymentStatus s = f.store.status("mnist").orElseThrow();
        f.store.saveStatus(s.withSuspended(true, "suspended", f.clock.instant()));
        f.deploy("mnist", only("mnist@2"), "", "");

        assertThat(pass().changed()).isEmpty();
        assertThat(f.target.routing("mnist")).isEqualTo(routing(new Route("main", V1, 100)));

        f.store.saveStatus(
                f.store.status("mnist").orElseThrow().withSuspended(false, "", f.clock.instant()));
        pass();
        assertThat(f.target.routing("mnist")).isEqualTo(routing(new Route("main", V2, 100)));
    }

    @Test
    void aDeploymentThatLeftGitIsPrunedAndItsVersionsUnloaded() throws Exception {
        f.deploy("mnist", only("mnist@1"), "", "");
        f.deploy("other", only("mnist@2"), "", "");
        pass();
        f.commit(
                "Remove other", java.util.Collections.singletonMap("deployments/other.yaml", null));

        assertThat(pass().changed()).containsExactly("other");

        assertThat(f.target.actual().deployments()).containsOnlyKeys("mnist");
        assertThat(f.target.actual().loaded()).containsExactly(V1);
        RolloutRecord pruned = f.store.history("other", 10).getFirst();
        assertThat(pruned.strategy()).isEqualTo(RolloutRecord.PRUNE);
        assertThat(pruned.message()).contains("left Git");
    }

    @Test
    void aVersionThatFailsToLoadFailsTheRolloutAndThePreviousVersionKeepsServing()
            throws Exception {
        f.deploy("mnist", only("mnist@1"), "", "");
        pass();
        f.target.failToLoad(V2);
        f.deploy("mnist", only("mnist@2"), "", "");

        pass();

        assertThat(f.target.routing("mnist")).isEqualTo(routing(new Route("main", V1, 100)));
        RolloutRecord r = history().getFirst();
        assertThat(r.result()).isEqualTo(RolloutResult.FAILED);
        assertThat(r.message()).contains("could not load mnist@2").contains("keeps serving");
        assertThat(pass().changed()).isEmpty();
    }

    @Test
    void aVersionThatStaysUnhealthyIsSwitchedBackToThePreviousRouting() throws Exception {
        f.deploy("mnist", only("mnist@1"), "", "");
        pass();
        f.target.unhealthy(V2);
        f.deploy("mnist", only("mnist@2"), "", "");

        pass();

        assertThat(f.target.routing("mnist")).isEqualTo(routing(new Route("main", V1, 100)));
        assertThat(history().getFirst().result()).isEqualTo(RolloutResult.FAILED);
        assertThat(history().getFirst().message()).contains("not healthy within 2s");
    }

    @Test
    void anAbSplitKeepsCallersStickyByTheManifestsHeaderAndAShadowIsRouted() throws Exception {
        f.deploy(
                "mnist",
                "- name: a\n"
                        + "  model: mnist@1\n"
                        + "  weight: 50\n"
                        + "- name: b\n"
                        + "  model: mnist@2\n"
                        + "  weight: 50\n",
                "  shadow:\n"
                        + "    model: mnist@2\n"
                        + "  rollout:\n"
                        + "    strategy: ab\n"
                        + "    stickyBy: x-user\n",
                "");

        pass();

        assertThat(f.target.routing("mnist"))
                .isEqualTo(
                        new Routing(
                                List.of(new Route("a", V1, 50), new Route("b", V2, 50)),
                                Optional.of(V2),
                                Optional.of("x-user")));
        assertThat(history().getFirst().strategy()).isEqualTo("ab");
    }
}
