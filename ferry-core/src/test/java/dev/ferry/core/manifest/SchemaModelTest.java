package dev.ferry.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.pipeline.ObjectMeta;
import dev.ferry.api.pipeline.Pipeline;
import dev.ferry.api.pipeline.RetrySpec;
import dev.ferry.api.pipeline.StepSpec;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The committed JSON Schema and the Java records cannot drift apart: every field in one is in the
 * other.
 */
class SchemaModelTest {
    private static final Path COMMITTED = Path.of("..", "schemas", "pipeline.schema.json");

    private static JsonNode schema() throws Exception {
        try (InputStream in =
                SchemaModelTest.class
                        .getClassLoader()
                        .getResourceAsStream(new PipelineKind().schemaResource())) {
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

    private static Set<String> plus(java.util.Collection<String> names, String... more) {
        Set<String> out = new LinkedHashSet<>(names);
        out.addAll(List.of(more));
        return out;
    }

    @Test
    void theSchemaOnTheClassPathIsTheCommittedOne() throws Exception {
        assertThat(new ObjectMapper().readTree(Files.readString(COMMITTED))).isEqualTo(schema());
    }

    @Test
    void everyStepFieldOfTheSchemaIsReadIntoStepSpecAndEveryComponentIsWritable() throws Exception {
        JsonNode step = schema().at("/$defs/step");
        assertThat(properties(step)).containsExactlyElementsOf(StepReader.FIELDS.keySet());
        assertThat(plus(StepReader.FIELDS.values(), "location", "locations"))
                .containsExactlyInAnyOrderElementsOf(components(StepSpec.class));
    }

    @Test
    void retryFieldsMatchRetrySpec() throws Exception {
        JsonNode retry = schema().at("/$defs/step/properties/retry");
        assertThat(properties(retry)).containsExactlyElementsOf(StepReader.RETRY_FIELDS.keySet());
        assertThat(new ArrayList<>(StepReader.RETRY_FIELDS.values()))
                .containsExactlyInAnyOrderElementsOf(components(RetrySpec.class));
    }

    @Test
    void specFieldsMatchPipeline() throws Exception {
        assertThat(properties(schema().at("/$defs/spec")))
                .containsExactlyElementsOf(PipelineKind.SPEC_FIELDS);
        assertThat(plus(PipelineKind.SPEC_FIELDS, "metadata", "location"))
                .containsExactlyInAnyOrderElementsOf(components(Pipeline.class));
    }

    @Test
    void metadataFieldsMatchObjectMeta() throws Exception {
        assertThat(properties(schema().at("/$defs/metadata")))
                .containsExactlyInAnyOrderElementsOf(components(ObjectMeta.class));
    }

    @Test
    void theEnvelopeIsTheKubernetesOne() throws Exception {
        assertThat(properties(schema())).containsExactly("apiVersion", "kind", "metadata", "spec");
        assertThat(schema().at("/properties/apiVersion/const").asText()).isEqualTo("ferry.dev/v1");
        assertThat(schema().at("/properties/kind/const").asText()).isEqualTo(Pipeline.KIND);
    }
}
