package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release flow of the deployments guide through the packaged CLI, as separate processes over
 * real HTTP: promote version 1, start version 2 as a 10% canary, measure the split, let the
 * analysis promote it, roll back, and fail no caller at any switch.
 */
class CanaryRolloutCliIT {
    @TempDir Path dir;

    @Test
    void aCanaryTakesItsShareIsPromotedByAnalysisAndRollsBackWithoutAFailedRequest()
            throws Exception {
        try (DeploymentLab lab = DeploymentLab.withTwoVersions(dir)) {
            lab.startServer();
            lab.ok("promote", "mnist", "--model", "mnist@1");
            // A step is judged once 100 canary requests came in: the slow background callers
            // below need far longer than a suspend takes, so the canary is measured at 10%.
            lab.startReconciler("--min-requests", "100");
            await().atMost(DeploymentLab.CONVERGE).until(() -> lab.servesOnly("mnist", 1));

            try (Traffic background = new Traffic(lab.base(), "mnist", 20)) {
                background.background(1, Duration.ofMillis(50));

                lab.ok(
                        "promote",
                        "mnist",
                        "--model",
                        "mnist@2",
                        "--strategy",
                        "canary",
                        "--weight",
                        "10",
                        // short analysis windows keep the test quick
                        "--analysis-window",
                        "2s");
                await().atMost(DeploymentLab.CONVERGE).until(() -> lab.weightOf("mnist", 2) == 10);
                lab.ok("suspend", "mnist");
                assertThat(lab.weightOf("mnist", 2)).isEqualTo(10);
                assertThat(lab.status("mnist").path("suspended").asBoolean()).isTrue();

                assertTheSplitIsTenPercent(lab);
                assertThat(lab.weightOf("mnist", 2)).as("still suspended at 10%").isEqualTo(10);

                lab.ok("resume", "mnist");
                await().atMost(DeploymentLab.CONVERGE).until(() -> lab.servesOnly("mnist", 2));
                await().atMost(DeploymentLab.CONVERGE)
                        .until(
                                () ->
                                        lab.rollouts("mnist")
                                                .get(0)
                                                .path("result")
                                                .asText()
                                                .equalsIgnoreCase("succeeded"));
                JsonNode canary = lab.rollouts("mnist").get(0);
                assertThat(canary.path("strategy").asText()).isEqualTo("canary");
                assertThat(canary.path("stepIndex").asInt()).isEqualTo(2);

                lab.ok("rollback", "mnist");
                await().atMost(DeploymentLab.CONVERGE).until(() -> lab.servesOnly("mnist", 1));
                long sentAfterRollback = background.sent();
                await().atMost(DeploymentLab.CONVERGE)
                        .until(() -> background.sent() > sentAfterRollback + 20);
                background.close();
                assertThat(background.failures())
                        .as("calls that failed at any switch, of " + background.sent())
                        .isEmpty();
            }

            Traffic after = new Traffic(lab.base(), "mnist", 20);
            for (int i = 0; i < 50; i++) {
                Traffic.Answer a = after.send(i);
                assertThat(a.status()).as(a.text()).isEqualTo(200);
                assertThat(a.version()).isEqualTo("1");
            }
            JsonNode rollback = lab.rollouts("mnist").get(0);
            assertThat(rollback.path("strategy").asText()).isEqualTo("rolling");
            assertThat(rollback.path("result").asText()).isEqualToIgnoringCase("succeeded");
        }
    }

    /** 2,000 requests while the canary is at 10%: its share is 10% ± 3 points. */
    private static void assertTheSplitIsTenPercent(DeploymentLab lab) throws Exception {
        int n = 2000;
        Traffic counted = new Traffic(lab.base(), "mnist", 20);
        List<Traffic.Answer> answers = new ArrayList<>();
        try (ExecutorService callers = Executors.newFixedThreadPool(4)) {
            List<Future<Traffic.Answer>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int digit = i;
                calls.add(callers.submit(() -> counted.send(digit)));
            }
            for (Future<Traffic.Answer> f : calls) {
                answers.add(f.get());
            }
        }
        assertThat(counted.failures()).isEmpty();
        for (Traffic.Answer a : answers) {
            assertThat(a.predictor()).isIn("main", "canary");
            assertThat(a.version()).isEqualTo(a.predictor().equals("canary") ? "2" : "1");
        }
        long canary = counted.byPredictor().getOrDefault("canary", 0L);
        // A binomial(2000, 0.1) leaves 10% ± 3 points far less than once in a million runs.
        assertThat(canary * 100.0 / n).isBetween(7.0, 13.0);
    }
}
