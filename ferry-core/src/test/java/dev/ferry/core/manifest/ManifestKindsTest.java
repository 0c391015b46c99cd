package dev.ferry.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.pipeline.Manifest;
import dev.ferry.api.pipeline.ObjectMeta;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.api.pipeline.SourceLocation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestKindsTest {

    /** A kind a later module could add: {@code kind: Note} with a required {@code text}. */
    record Note(ObjectMeta metadata, String text, SourceLocation location) implements Manifest {
        @Override
        public String kind() {
            return "Note";
        }
    }

    static final class NoteKind implements ManifestKind {
        @Override
        public String kind() {
            return "Note";
        }

        @Override
        public String schemaResource() {
            return "note.schema.json";
        }

        @Override
        public Manifest parse(
                YamlNode.Mapping spec,
                ObjectMeta metadata,
                SourceLocation at,
                List<Problem> problems) {
            return new Note(
                    metadata, ((YamlNode.Scalar) spec.get("text").orElseThrow()).text(), at);
        }
    }

    @Test
    void findsThePipelineKindOnTheClassPath() {
        assertThat(ManifestKinds.discover().names()).contains("Pipeline");
    }

    @Test
    void aRegisteredKindIsLoadedAndCheckedAgainstItsOwnSchema() {
        ManifestLoader loader =
                new ManifestLoader(ManifestKinds.discover().register(new NoteKind()));
        String head = "apiVersion: ferry.dev/v1\nkind: Note\nmetadata: {name: n}\n";

        assertThat(loader.read("n.yaml", head + "spec: {text: hello}\n").orThrow())
                .containsExactly(
                        new Note(
                                ObjectMeta.named("n"),
                                "hello",
                                new SourceLocation("n.yaml", 1, 1)));
        assertThat(loader.read("n.yaml", head + "spec: {txt: hello}\n").problems())
                .extracting(Problem::render)
                .containsExactly(
                        "n.yaml:4:7: error: missing required field 'text' in spec",
                        "n.yaml:4:8: error: unknown field 'txt' in spec (did you mean 'text'?);"
                                + " expected one of: text");
    }
}
