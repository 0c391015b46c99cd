package dev.ferry.core.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.step.StepException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchFileTest {
    // sha256("hello\n"), as printed by sha256sum
    private static final String HELLO =
            "sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

    @TempDir Path dir;
    private Path outputs;

    @BeforeEach
    void createOutputs() throws Exception {
        outputs = Files.createDirectories(dir.resolve("outputs"));
    }

    @Test
    void copiesAFileIntoTheOutputsAndReportsItsDigest() throws Exception {
        Path source = Files.writeString(dir.resolve("train.csv"), "hello\n");
        RecordingContext context = new RecordingContext(Map.of("path", source.toString()), outputs);

        new FetchFile().execute(context);

        assertThat(outputs.resolve("file.csv")).hasContent("hello");
        assertThat(context.values).containsEntry("digest", HELLO);
        assertThat(context.described.get("file")).first().isEqualTo("dataset");
    }

    @Test
    void acceptsAMatchingPinAndRejectsAChangedFile() throws Exception {
        Path source = Files.writeString(dir.resolve("a.txt"), "hello\n");
        new FetchFile()
                .execute(
                        new RecordingContext(
                                Map.of("path", source.toString(), "sha256", HELLO.substring(7)),
                                outputs));

        Files.writeString(source, "changed\n");
        Path again = Files.createDirectories(dir.resolve("again"));
        assertThatThrownBy(
                        () ->
                                new FetchFile()
                                        .execute(
                                                new RecordingContext(
                                                        Map.of(
                                                                "path",
                                                                source.toString(),
                                                                "sha256",
                                                                HELLO),
                                                        again)))
                .isInstanceOf(StepException.class)
                .hasMessageContaining("but the manifest pins " + HELLO);
    }

    @Test
    void copiesADirectoryWithADigestOfItsListing() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data/sub"));
        Files.writeString(data.resolve("x.txt"), "hello\n");
        Files.writeString(data.getParent().resolve("y.txt"), "y");
        RecordingContext first =
                new RecordingContext(
                        Map.of("path", data.getParent().toString(), "type", "images"), outputs);

        new FetchFile().execute(first);

        assertThat(outputs.resolve("file/sub/x.txt")).hasContent("hello");
        assertThat(outputs.resolve("file/y.txt")).hasContent("y");
        assertThat(first.described.get("file")).containsExactly("images", "inode/directory");
        Files.writeString(data.resolve("x.txt"), "other\n");
        RecordingContext second =
                new RecordingContext(
                        Map.of("path", data.getParent().toString()),
                        Files.createDirectories(dir.resolve("o2")));
        new FetchFile().execute(second);
        assertThat(second.values.get("digest")).isNotEqualTo(first.values.get("digest"));
    }

    @Test
    void aMissingFileFailsWithItsPath() {
        Path missing = dir.resolve("nope.csv");
        assertThatThrownBy(
                        () ->
                                new FetchFile()
                                        .execute(
                                                new RecordingContext(
                                                        Map.of("path", missing.toString()),
                                                        outputs)))
                .isInstanceOf(StepException.class)
                .hasMessage("step 'fetch': no such file or directory: " + missing);
    }
}
