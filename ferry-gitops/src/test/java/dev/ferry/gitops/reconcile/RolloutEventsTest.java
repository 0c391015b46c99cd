package dev.ferry.gitops.reconcile;

import static dev.ferry.gitops.reconcile.GitOpsFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.bus.InProcessEventBus;
import io.cloudevents.CloudEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rollout events follow Keptn's task-event shape. */
class RolloutEventsTest {
    @TempDir Path tmp;

    @Test
    void theEventsOfOneRolloutShareAContextAndCarryKeptnsFields() throws Exception {
        List<CloudEvent> events = new CopyOnWriteArrayList<>();
        try (GitOpsFixture f = new GitOpsFixture(tmp).models("mnist", 1);
                InProcessEventBus bus = new InProcessEventBus(100)) {
            bus.subscribe(e -> true, events::add);
            var commit = f.deploy("mnist", only("mnist@1"), "", "");
            f.reconciler(Optional.of(bus)).reconcile();
            f.commit("Break it", Map.of("deployments/mnist.yaml", "kind: [\n"));
            f.clock.advance(Duration.ofSeconds(1));
            f.reconciler(Optional.of(bus)).reconcile();

            Awaitility.await().until(() -> events.size() == 4);
            assertThat(events)
                    .extracting(CloudEvent::getType)
                    .containsExactly(
                            "dev.ferry.rollout.triggered",
                            "dev.ferry.rollout.started",
                            "dev.ferry.rollout.finished",
                            "dev.ferry.rollout.refused");
            CloudEvent triggered = events.get(0);
            CloudEvent finished = events.get(2);
            String context = (String) triggered.getExtension("shkeptncontext");
            assertThat(events.subList(0, 3))
                    .allSatisfy(
                            e -> assertThat(e.getExtension("shkeptncontext")).isEqualTo(context));
            assertThat(finished.getExtension("triggeredid")).isEqualTo(triggered.getId());
            assertThat(finished.getExtension("gitcommitid")).isEqualTo(commit.id());
            assertThat(finished.getSubject()).isEqualTo("mnist");
            JsonNode data = new ObjectMapper().readTree(finished.getData().toBytes());
            assertThat(data.get("project").asText()).isEqualTo("ferry");
            assertThat(data.get("stage").asText()).isEqualTo("main");
            assertThat(data.get("service").asText()).isEqualTo("mnist");
            assertThat(data.get("status").asText()).isEqualTo("succeeded");
            assertThat(data.get("result").asText()).isEqualTo("pass");
            assertThat(data.at("/rollout/id").asText()).isEqualTo(context);
            JsonNode refused = new ObjectMapper().readTree(events.get(3).getData().toBytes());
            assertThat(refused.get("status").asText()).isEqualTo("errored");
            assertThat(refused.get("result").asText()).isEqualTo("fail");
            assertThat(refused.get("message").asText()).contains("refused commit");
        }
    }
}
