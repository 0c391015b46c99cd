package dev.ferry.gitops.reconcile;

import static dev.ferry.gitops.reconcile.GitOpsFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.deployment.Route;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.api.rollout.RolloutRecord;
import dev.ferry.gitops.reconcile.InMemoryServingTarget.Behaviour;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Release policies acting on what serves: rollback commits, alerts and takedowns. */
class ReleasePolicyTest {
    static final VersionKey V1 = new VersionKey("mnist", 1);
    static final VersionKey V2 = new VersionKey("mnist", 2);
    static final String PROMOTE_V1 =
            "Ferry-Deployment: mnist\nFerry-Action: promote\nFerry-Model: mnist@1";
    static final String PROMOTE_V2 =
            "Ferry-Deployment: mnist\nFerry-Action: promote\nFerry-Model: mnist@2";

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
        return reconciler.reconcile();
    }

    static String policy(String action, boolean rollbackable) {
        return "  policy:\n    onErrorRate:\n      above: 0.05\n      for: 30s\n      action: "
                + action
                + "\n"
                + (rollbackable ? "" : "    rollbackable: false\n");
    }

    /** Serves v2 after v1, then sends bad traffic over more than the rule's window. */
    void releaseV2ThatFails(String action, boolean rollbackable) throws Exception {
        f.deploy("mnist", only("mnist@1"), policy(action, true), PROMOTE_V1);
        pass();
        f.deploy("mnist", only("mnist@2"), policy(action, rollbackable), PROMOTE_V2);
        pass();
        f.target.behave(V2, new Behaviour(0.2, 0.3));
        for (int i = 0; i < 4; i++) {
            f.clock.advance(Duration.ofSeconds(15));
            if (f.target.routing("mnist") != null) {
                f.target.send("mnist", 100);
            }
            pass();
        }
    }

    List<RolloutRecord> decisions() {
        return f.store.history("mnist", 50).stream()
                .filter(r -> r.strategy().startsWith(RolloutRecord.POLICY_PREFIX))
                .toList();
    }

    @Test
    void anErrorRateRuleRollsBackTheLastPromotionAndTheNextPassServesThePreviousVersion()
            throws Exception {
        releaseV2ThatFails("rollback", true);

        RolloutRecord decision = decisions().getFirst();
        assertThat(decisions()).hasSize(1);
        assertThat(decision.strategy()).isEqualTo("policy-rollback");
        assertThat(decision.message()).contains("onErrorRate: error rate").contains("rolled back");
        assertThat(decision.evidence())
                .containsEntry("rule", "onErrorRate")
                .containsEntry("window", "30s")
                .containsKeys("requests", "errors", "errorRate", "threshold");
        assertThat(f.repo.head("main").orElseThrow().trailers())
                .containsEntry("Ferry-Action", "rollback");
        assertThat(f.target.routing("mnist"))
                .isEqualTo(new Routing(List.of(new Route("main", V1, 100)), Optional.empty()));
    }

    @Test
    void aReleaseMarkedNotRollbackableIsAlertedOnInsteadAndKeepsServing() throws Exception {
        releaseV2ThatFails("rollback", false);

        RolloutRecord decision = decisions().getFirst();
        assertThat(decision.strategy()).isEqualTo("policy-alert");
        assertThat(decision.message())
                .contains("alerting instead of rolling back")
                .contains("not rollback-able");
        assertThat(f.target.routing("mnist").routes().getFirst().version()).isEqualTo(V2);
    }

    @Test
    void anAlertRuleOnlyRecordsTheDecisionWithItsEvidence() throws Exception {
        releaseV2ThatFails("alert", true);

        assertThat(decisions()).isNotEmpty().allMatch(r -> r.strategy().equals("policy-alert"));
        assertThat(f.target.routing("mnist").routes().getFirst().version()).isEqualTo(V2);
        assertThat(f.repo.head("main").orElseThrow().trailers())
                .containsEntry("Ferry-Action", "promote");
    }

    @Test
    void aTakedownRuleStopsServingAndSuspendsTheDeploymentUntilResumed() throws Exception {
        releaseV2ThatFails("takedown", true);

        assertThat(decisions().getFirst().strategy()).isEqualTo("policy-takedown");
        assertThat(f.target.actual().deployments()).doesNotContainKey("mnist");
        assertThat(f.store.status("mnist").orElseThrow().suspended()).isTrue();
        pass();
        assertThat(f.target.actual().deployments()).doesNotContainKey("mnist");
        assertThat(f.target.actual().loaded()).isEmpty();
    }
}
