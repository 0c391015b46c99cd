package dev.ferry.gitops.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.deployment.AnalysisThresholds;
import dev.ferry.api.deployment.Batching;
import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.deployment.Predictor;
import dev.ferry.api.deployment.ReleasePolicy;
import dev.ferry.api.deployment.Rollout;
import dev.ferry.api.deployment.Shadow;
import dev.ferry.api.pipeline.ObjectMeta;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The committed JSON Schema and the deployment records cannot drift apart: every field in one is in
 * the other.
 */
class DeploymentSchemaModelTest {
    private static final Path COMMITTED = Path.of("..", "schemas", "modeldeployment.schema.json");

    private static JsonNode schema() throws Exception {
        try (InputStream in =
                DeploymentSchemaModelTest.class
                        .getClassLoader()
                        .getResourceAsStream(new ModelDeploymentKind().schemaResource())) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static Set<String> properties(JsonNode object) {
        Set<String> names = new LinkedHashSet<>();
        object.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> components(Class<? extends Record> type) {
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).forEach(names::add);
        return names;
    }

    @Test
    void theSchemaOnTheClassPathIsTheCommittedOne() throws Exception {
        assertThat(new ObjectMapper().readTree(Files.readString(COMMITTED))).isEqualTo(schema());
    }

    @Test
    void specFieldsMatchModelDeployment() throws Exception {
        assertThat(properties(schema().at("/$defs/spec")))
                .containsExactlyElementsOf(ModelDeploymentKind.SPEC_FIELDS);
        Set<String> expected = new LinkedHashSet<>(ModelDeploymentKind.SPEC_FIELDS);
        expected.addAll(List.of("metadata", "location"));
        assertThat(components(ModelDeployment.class)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void nestedObjectsMatchTheirRecords() throws Exception {
        assertThat(properties(schema().at("/$defs/predictor")))
                .containsExactlyInAnyOrderElementsOf(components(Predictor.class));
        assertThat(properties(schema().at("/$defs/spec/properties/shadow")))
                .containsExactlyInAnyOrderElementsOf(components(Shadow.class));
        assertThat(properties(schema().at("/$defs/spec/properties/batching")))
                .containsExactlyInAnyOrderElementsOf(components(Batching.class));
        assertThat(properties(schema().at("/$defs/spec/properties/policy")))
                .containsExactlyInAnyOrderElementsOf(components(ReleasePolicy.class));
        // "for" is a Java keyword: the records call it "sustained".
        assertThat(properties(schema().at("/$defs/spec/properties/policy/properties/onErrorRate")))
                .containsExactly("above", "for", "action");
        assertThat(properties(schema().at("/$defs/spec/properties/policy/properties/onLatency")))
                .containsExactly("quantile", "above", "for", "action");
        assertThat(properties(schema().at("/$defs/spec/properties/rollout")))
                .containsExactly("strategy", "steps", "analysisWindow", "stickyBy", "analysis")
                .containsExactlyInAnyOrderElementsOf(components(Rollout.class));
        assertThat(properties(schema().at("/$defs/spec/properties/rollout/properties/analysis")))
                .containsExactlyInAnyOrderElementsOf(components(AnalysisThresholds.class));
    }

    @Test
    void metadataFieldsMatchObjectMeta() throws Exception {
        assertThat(properties(schema().at("/$defs/metadata")))
                .containsExactlyInAnyOrderElementsOf(components(ObjectMeta.class));
    }

    @Test
    void theEnvelopeIsTheKubernetesOne() throws Exception {
        assertThat(properties(schema())).containsExactly("apiVersion", "kind", "metadata", "spec");
        assertThat(schema().at("/properties/kind/const").asText()).isEqualTo(ModelDeployment.KIND);
    }
}
