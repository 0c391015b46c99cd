package dev.ferry.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.rollout.DeploymentStatus;
import dev.ferry.api.rollout.RolloutRecord;
import dev.ferry.api.rollout.RolloutResult;
import dev.ferry.api.rollout.SourceStatus;
import dev.ferry.core.metadata.JdbcMetadataStore;
import dev.ferry.core.metadata.MetadataStores;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every rollout store database must do; subclasses supply the database. */
abstract class RolloutStoreContract {
    static final Instant T0 = Instant.parse("2026-03-04T05:06:07.123Z");

    JdbcMetadataStore metadata;
    JdbcRolloutStore store;

    /** The JDBC URL of a fresh, empty database. */
    abstract String databaseUrl();

    @BeforeEach
    void openStore() {
        metadata = MetadataStores.open(databaseUrl());
        store = new JdbcRolloutStore(metadata.jdbi());
    }

    @AfterEach
    void closeStore() {
        metadata.close();
    }

    static RolloutRecord canary(String id, String deployment, Instant started) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("step 1 (10%)", Map.of("canaryRequests", 120, "canaryErrorRate", 0.0));
        return new RolloutRecord(
                id,
                deployment,
                "c".repeat(40),
                "canary",
                "main=mnist@1:90,canary=mnist@2:10",
                List.of("load mnist@2", "route main=mnist@1:90,canary=mnist@2:10"),
                0,
                RolloutResult.PROGRESSING,
                "canary at 10%",
                evidence,
                started,
                Optional.empty());
    }

    @Test
    void aSavedRecordReadsBackEqual() {
        RolloutRecord r = canary("01A", "mnist", T0);
        store.save(r);
        assertThat(store.find("01A")).contains(r);
        assertThat(store.find("nope")).isEmpty();
    }

    @Test
    void savingARecordAgainReplacesItSoACanaryCanProgressInPlace() {
        RolloutRecord r = canary("01A", "mnist", T0);
        store.save(r);
        RolloutRecord next =
                r.progress(
                                1,
                                List.of("route main=mnist@1:50,canary=mnist@2:50"),
                                Map.of("step 2 (50%)", Map.of("canaryRequests", 300)),
                                "canary at 50%")
                        .finish(RolloutResult.SUCCEEDED, "canary promoted", T0.plusSeconds(9));
        store.save(next);

        RolloutRecord read = store.find("01A").orElseThrow();
        assertThat(read).isEqualTo(next);
        assertThat(read.step()).isEqualTo(1);
        assertThat(read.evidence()).containsOnlyKeys("step 1 (10%)", "step 2 (50%)");
        assertThat(read.duration(Instant.MAX)).hasSeconds(9);
    }

    @Test
    void historyListsOneDeploymentsRecordsNewestFirst() {
        store.save(canary("01A", "mnist", T0));
        store.save(canary("01C", "mnist", T0.plusSeconds(2)));
        store.save(canary("01B", "other", T0.plusSeconds(1)));
        store.save(canary("01D", "mnist", T0.plusSeconds(1)));

        assertThat(store.history("mnist", 10))
                .extracting(RolloutRecord::id)
                .containsExactly("01C", "01D", "01A");
        assertThat(store.history("mnist", 1)).extracting(RolloutRecord::id).containsExactly("01C");
        assertThat(store.history("none", 10)).isEmpty();
    }

    @Test
    void statusesAreUpsertedPerDeploymentAndListedByName() {
        assertThat(store.status("mnist")).isEmpty();
        DeploymentStatus s = DeploymentStatus.initial("mnist", T0);
        store.saveStatus(s);
        store.saveStatus(DeploymentStatus.initial("digits", T0));
        assertThat(store.status("mnist")).contains(s);

        DeploymentStatus applied =
                s.applied("a".repeat(40), "serving mnist@2", T0.plusSeconds(1))
                        .withSuspended(true, "suspended by ferry suspend", T0.plusSeconds(2));
        store.saveStatus(applied);

        assertThat(store.status("mnist")).contains(applied);
        assertThat(store.statuses())
                .extracting(DeploymentStatus::deployment)
                .containsExactly("digits", "mnist");
        assertThat(store.status("mnist").orElseThrow().suspended()).isTrue();
    }

    static SourceStatus unreachable(String source, int failures, Instant at) {
        return new SourceStatus(
                source,
                Optional.of("https://git.example.com/ops/deployments.git"),
                Optional.of("git.example.com"),
                SourceStatus.State.UNREACHABLE,
                "fetch",
                "cannot open git-upload-pack: Connection refused",
                failures,
                T0,
                Optional.of(T0.minusSeconds(60)),
                Optional.of(at.plusSeconds(8)),
                at);
    }

    @Test
    void aSourceStatusReadsBackEqualWithAndWithoutItsOptionalParts() {
        assertThat(store.sourceStatus("main")).isEmpty();
        SourceStatus failing = unreachable("main", 4, T0.plusSeconds(15));
        store.saveSourceStatus(failing);
        assertThat(store.sourceStatus("main")).contains(failing);

        SourceStatus local =
                new SourceStatus(
                        "staging",
                        Optional.empty(),
                        Optional.empty(),
                        SourceStatus.State.LOCAL_ONLY,
                        "",
                        "",
                        0,
                        T0,
                        Optional.empty(),
                        Optional.empty(),
                        T0);
        store.saveSourceStatus(local);
        assertThat(store.sourceStatus("staging")).contains(local);
        assertThat(store.sourceStatus("staging").orElseThrow().inStep()).isTrue();
        assertThat(store.sourceStatus("main").orElseThrow().inStep()).isFalse();
    }

    @Test
    void savingASourceStatusAgainReplacesItAndSourcesAreListedByName() {
        store.saveSourceStatus(unreachable("staging", 1, T0));
        store.saveSourceStatus(unreachable("main", 1, T0));
        store.saveSourceStatus(unreachable("main", 2, T0.plusSeconds(1)));
        SourceStatus back =
                new SourceStatus(
                        "main",
                        Optional.of("https://git.example.com/ops/deployments.git"),
                        Optional.of("git.example.com"),
                        SourceStatus.State.SYNCED,
                        "",
                        "",
                        0,
                        T0.plusSeconds(3),
                        Optional.of(T0.plusSeconds(3)),
                        Optional.empty(),
                        T0.plusSeconds(3));
        store.saveSourceStatus(back);

        assertThat(store.sourceStatus("main")).contains(back);
        assertThat(store.sourceStatuses())
                .extracting(SourceStatus::source, SourceStatus::failures)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("main", 0),
                        org.assertj.core.groups.Tuple.tuple("staging", 1));
    }
}
