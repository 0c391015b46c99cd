package dev.ferry.core.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.promotion.Evidence;
import dev.ferry.api.promotion.Promotion;
import dev.ferry.api.promotion.PromotionState;
import dev.ferry.api.promotion.PromotionStore;
import dev.ferry.api.promotion.PromotionStoreException;
import dev.ferry.core.metadata.JdbcMetadataStore;
import dev.ferry.core.metadata.MetadataStores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every promotion store database must do; subclasses supply the database. */
abstract class PromotionStoreContract {
    static final Instant T0 = Instant.parse("2026-04-01T12:00:00Z");

    JdbcMetadataStore metadata;
    PromotionStore store;

    /** The JDBC URL of a fresh, empty database. */
    abstract String databaseUrl();

    @BeforeEach
    void open() {
        metadata = MetadataStores.open(databaseUrl());
        store = new JdbcPromotionStore(metadata.jdbi());
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    static Promotion request(String id, String deployment, Instant at) {
        return new Promotion(
                id,
                deployment,
                deployment + "@2",
                "c".repeat(40),
                Optional.of("b".repeat(40)),
                "--- a/deployments/"
                        + deployment
                        + ".yaml\n+++ b/...\n-  model: x@1\n+  model: x@2\n",
                List.of(
                        new Evidence("health", true, "ready in 120ms", Map.of("ready_ms", 120.0)),
                        new Evidence("accuracy", true, "0.95 >= 0.9", Map.of("accuracy", 0.95))),
                PromotionState.OPEN,
                at,
                at,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    @Test
    void aRequestIsReadBackWithItsDiffAndEvidence() {
        Promotion p = request("01JPROMO0000000000000000A1", "mnist", T0);
        store.create(p);

        assertThat(store.find(p.id())).contains(p);
        assertThat(store.find("01JPROMO0000000000000000A")).contains(p);
        assertThat(store.find("01JNOPE")).isEmpty();
        assertThat(p.verified()).isTrue();
    }

    @Test
    void listingIsNewestFirstAndFiltersByDeployment() {
        store.create(request("01JPROMO0000000000000000A1", "mnist", T0));
        store.create(request("01JPROMO0000000000000000A2", "credit", T0.plusSeconds(1)));
        store.create(request("01JPROMO0000000000000000A3", "mnist", T0.plusSeconds(2)));

        assertThat(store.list(Optional.empty(), 10))
                .extracting(Promotion::id)
                .containsExactly(
                        "01JPROMO0000000000000000A3",
                        "01JPROMO0000000000000000A2",
                        "01JPROMO0000000000000000A1");
        assertThat(store.list(Optional.of("mnist"), 1))
                .extracting(Promotion::id)
                .containsExactly("01JPROMO0000000000000000A3");
    }

    @Test
    void anAmbiguousPrefixSaysSo() {
        store.create(request("01JPROMO0000000000000000A1", "mnist", T0));
        store.create(request("01JPROMO0000000000000000A2", "mnist", T0));

        assertThatThrownBy(() -> store.find("01JPROMO"))
                .isInstanceOf(PromotionStoreException.class)
                .hasMessageContaining("ambiguous");
    }

    @Test
    void aTransitionRecordsWhoAndTheMergeCommitAndRefusesAWrongStartingState() {
        Promotion p = request("01JPROMO0000000000000000A1", "mnist", T0);
        store.create(p);

        Promotion approved =
                store.transition(
                        p.id(),
                        Set.of(PromotionState.OPEN),
                        PromotionState.APPROVED,
                        PromotionStore.Transition.by("ana"),
                        T0.plusSeconds(5));
        Promotion merged =
                store.transition(
                        p.id(),
                        Set.of(PromotionState.APPROVED),
                        PromotionState.MERGED,
                        new PromotionStore.Transition(
                                Optional.of("d".repeat(40)), Optional.empty(), Optional.empty()),
                        T0.plusSeconds(6));

        assertThat(approved.state()).isEqualTo(PromotionState.APPROVED);
        assertThat(merged.state()).isEqualTo(PromotionState.MERGED);
        assertThat(merged.decidedBy()).contains("ana");
        assertThat(merged.mergeCommit()).contains("d".repeat(40));
        assertThat(merged.updatedAt()).isEqualTo(T0.plusSeconds(6));
        assertThatThrownBy(
                        () ->
                                store.transition(
                                        p.id(),
                                        Set.of(PromotionState.OPEN),
                                        PromotionState.REJECTED,
                                        PromotionStore.Transition.by("bo"),
                                        T0.plusSeconds(7)))
                .isInstanceOf(PromotionStoreException.class)
                .hasMessageContaining("is merged, not open");
    }

    @Test
    void ofTwoRacingDecisionsExactlyOneWins() throws Exception {
        Promotion p = request("01JPROMO0000000000000000A1", "mnist", T0);
        store.create(p);
        List<Callable<PromotionState>> deciders = new ArrayList<>();
        for (PromotionState to : List.of(PromotionState.APPROVED, PromotionState.REJECTED)) {
            deciders.add(
                    () ->
                            store.transition(
                                            p.id(),
                                            Set.of(PromotionState.OPEN),
                                            to,
                                            PromotionStore.Transition.by(to.name()),
                                            T0)
                                    .state());
        }
        int wins = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (Future<PromotionState> f : pool.invokeAll(deciders)) {
                try {
                    f.get();
                    wins++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(PromotionStoreException.class);
                }
            }
        }
        assertThat(wins).isEqualTo(1);
    }
}
