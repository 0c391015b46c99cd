package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shadow release through the packaged CLI: {@code ferry promote --strategy shadow} mirrors every
 * request to the new version while callers only ever get the serving version's answers.
 */
class ShadowDeploymentCliIT {
    @TempDir Path dir;

    @Test
    void everyRequestIsMirroredAndCallersOnlySeeThePrimarysAnswers() throws Exception {
        try (DeploymentLab lab = DeploymentLab.withTwoVersions(dir)) {
            lab.startServer();
            // The deployment is named apart from its model, so the versions stay callable directly.
            lab.ok("promote", "digits", "--model", "mnist@1");
            lab.startReconciler();
            await().atMost(DeploymentLab.CONVERGE).until(() -> lab.servesOnly("digits", 1));

            try (Traffic traffic = new Traffic(lab.base(), "digits", 20)) {
                traffic.background(2);
                lab.ok("promote", "digits", "--model", "mnist@2", "--strategy", "shadow");
                await().atMost(DeploymentLab.CONVERGE)
                        .until(() -> lab.stats("digits").containsKey("shadow"));
                await().atMost(DeploymentLab.CONVERGE)
                        .until(
                                () ->
                                        lab.stats("digits").get("shadow").path("requests").asLong()
                                                > 0);
                traffic.close();
                assertThat(traffic.failures()).as("failed calls during the switch").isEmpty();
                assertThat(traffic.byVersion()).containsOnlyKeys("1");
            }
            assertThat(lab.state().at("/deployments/digits/shadow/version").asInt()).isEqualTo(2);

            // Mirrored copies are sent after the caller's answer: let those in flight land.
            long before = settledShadowRequests(lab);
            int n = 400;
            Traffic callers = new Traffic(lab.base(), "digits", 20);
            for (int i = 0; i < n; i++) {
                Traffic.Answer a = callers.send(i);
                assertThat(a.status()).as(a.text()).isEqualTo(200);
                assertThat(a.predictor()).isEqualTo("main");
                assertThat(a.version()).isEqualTo("1");
                assertThat(a.body().at("/parameters/predictor").asText()).isEqualTo("main");
            }
            await().atMost(DeploymentLab.CONVERGE)
                    .until(
                            () ->
                                    lab.stats("digits").get("shadow").path("requests").asLong()
                                            >= before + n);
            JsonNode shadow = lab.stats("digits").get("shadow");
            assertThat(shadow.path("requests").asLong()).isEqualTo(before + n);
            assertThat(shadow.path("version").asInt()).isEqualTo(2);
            assertThat(shadow.path("errors").asLong()).isZero();
            // Agreement with the primary is measured on every mirrored copy.
            assertThat(shadow.path("compared").asLong()).isEqualTo(before + n);

            // Callers got version 1's answers, never version 2's.
            for (int i = 0; i < 5; i++) {
                String viaDeployment = callers.send(i).body().at("/outputs/0/data").toString();
                assertThat(viaDeployment).isEqualTo(directAnswer(lab, 1, i));
            }
            assertThat(
                            List.of(0, 1, 2, 3, 4).stream()
                                    .anyMatch(
                                            i ->
                                                    !directAnswer(lab, 1, i)
                                                            .equals(directAnswer(lab, 2, i))))
                    .as("the two versions answer differently")
                    .isTrue();

            HttpResponse<String> metrics = lab.get("/metrics");
            assertThat(metrics.body())
                    .containsPattern(
                            "ferry_inference_requests_total\\{[^}]*predictor=\"shadow\"[^}]*\\}");

            assertThat(lab.rollouts("digits").get(0).path("strategy").asText()).isEqualTo("shadow");
            assertThat(lab.rollouts("digits").get(0).path("result").asText())
                    .isEqualToIgnoringCase("succeeded");
        }
    }

    private static long settledShadowRequests(DeploymentLab lab) {
        long[] last = {-1};
        await().atMost(DeploymentLab.CONVERGE)
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> {
                            long now = lab.stats("digits").get("shadow").path("requests").asLong();
                            boolean settled = now == last[0];
                            last[0] = now;
                            return settled;
                        });
        return last[0];
    }

    /** The output of version {@code version} called directly (not through the deployment). */
    private static String directAnswer(DeploymentLab lab, int version, int digit) {
        Traffic direct = new Traffic(lab.base(), "mnist/versions/" + version, 20);
        Traffic.Answer a = direct.send(digit);
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        return a.body().at("/outputs/0/data").toString();
    }
}
