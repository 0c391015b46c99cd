package dev.ferry.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.rollout.DeploymentStatus;
import dev.ferry.api.rollout.RolloutRecord;
import dev.ferry.api.rollout.RolloutResult;
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
}
