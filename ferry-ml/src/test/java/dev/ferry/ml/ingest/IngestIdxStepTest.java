package dev.ferry.ml.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ml.data.DataException;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.DatasetReader;
import dev.ferry.ml.data.RecordingStepContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestIdxStepTest {
    private static final Path MNIST = Path.of("../examples/mnist/data");

    @TempDir Path dir;

    @Test
    void ingestsTheTenThousandShippedDigitsWithLabels() {
        RecordingStepContext context =
                new RecordingStepContext(
                        dir,
                        Map.of(
                                "images", MNIST.resolve("digits-images-idx3-ubyte.gz"),
                                "labels", MNIST.resolve("digits-labels-idx1-ubyte.gz")));
        new IngestIdxStep().execute(context);

        Dataset dataset = new DatasetReader().read(context.outputsDir().resolve("dataset.arrow"));
        assertThat(dataset.rows()).isEqualTo(10_000);
        assertThat(dataset.tensor("image").width()).isEqualTo(784);
        assertThat(dataset.categories("label").categories())
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(dataset.categories("label").codes()).startsWith(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        float max = 0;
        for (float v : dataset.tensor("image").values()) {
            max = Math.max(max, v);
        }
        assertThat(max).isEqualTo(255f);
        assertThat(context.described.get("dataset").logicalType()).isEqualTo("dataset");
        assertThat(context.values).containsEntry("rows", 10_000);
        assertThat(context.outputNames()).containsExactly("dataset");
    }

    @Test
    void readsUncompressedFilesAndImagesWithoutLabels() throws IOException {
        Path images = dir.resolve("images");
        Files.write(
                images,
                idx(0x0803, new int[] {2, 2, 2}, new byte[] {0, 1, 2, 3, 4, 5, 6, (byte) 255}));
        RecordingStepContext context =
                new RecordingStepContext(dir.resolve("run"), Map.of("images", images.toString()));
        new IngestIdxStep().execute(context);

        Dataset dataset = new DatasetReader().read(context.outputsDir().resolve("dataset.arrow"));
        assertThat(dataset.schema().label()).isEmpty();
        assertThat(dataset.tensor("image").values()).containsExactly(0, 1, 2, 3, 4, 5, 6, 255);
    }

    @Test
    void rejectsACorruptedMagicNumber() throws IOException {
        Path images = gz("images.gz", idx(0x0803, new int[] {1, 2, 2}, new byte[4]));
        byte[] bytes = idx(0x0803, new int[] {1, 2, 2}, new byte[4]);
        bytes[0] = 0x12;
        Files.write(images, bytes);
        assertThatThrownBy(() -> run(images, null))
                .isInstanceOf(DataException.class)
                .hasMessage(
                        "IDX file "
                                + images
                                + ": magic number 0x12000803 does not start with two zero bytes;"
                                + " this is not an IDX file");
        assertThat(Files.exists(dir.resolve("run/outputs/dataset.arrow"))).isFalse();
    }

    @Test
    void rejectsAnUnknownDataType() throws IOException {
        Path images = gz("images.gz", idx(0x0A03, new int[] {1, 2, 2}, new byte[4]));
        assertThatThrownBy(() -> run(images, null))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("names data type 0x0A");
    }

    @Test
    void rejectsAHeaderThatPromisesMoreDataThanFollows() throws IOException {
        Path images = gz("images.gz", idx(0x0803, new int[] {3, 2, 2}, new byte[8]));
        assertThatThrownBy(() -> run(images, null))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(
                        "the header promises 3×2×2 = 12 values (12 bytes) but 8 bytes of data"
                                + " follow");
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        Path images = Files.createFile(dir.resolve("empty"));
        assertThatThrownBy(() -> run(images, null))
                .isInstanceOf(DataException.class)
                .hasMessage("IDX file " + images + ": the file is empty");
    }

    @Test
    void rejectsATruncatedGzipStream() throws IOException {
        Path full = gz("full.gz", idx(0x0803, new int[] {1, 2, 2}, new byte[4]));
        byte[] bytes = Files.readAllBytes(full);
        Path cut =
                Files.write(
                        dir.resolve("cut.gz"), java.util.Arrays.copyOf(bytes, bytes.length - 10));
        assertThatThrownBy(() -> run(cut, null))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("gzip stream is corrupt or truncated");
    }

    @Test
    void rejectsLabelsThatDoNotMatchTheImageCount() throws IOException {
        Path images = gz("images.gz", idx(0x0803, new int[] {2, 1, 1}, new byte[] {1, 2}));
        Path labels = gz("labels.gz", idx(0x0801, new int[] {3}, new byte[] {0, 1, 2}));
        assertThatThrownBy(() -> run(images, labels))
                .isInstanceOf(DataException.class)
                .hasMessage(
                        "IDX file "
                                + labels
                                + ": holds 3 labels but the images file holds 2 images");
    }

    @Test
    void rejectsAMissingFileNamingIt() {
        assertThatThrownBy(() -> run(dir.resolve("nope.gz"), null))
                .hasMessageContaining("nope.gz, which is not a readable file");
    }

    private void run(Path images, Path labels) {
        Map<String, Object> inputs =
                labels == null
                        ? Map.of("images", images)
                        : Map.of("images", images, "labels", labels);
        new IngestIdxStep().execute(new RecordingStepContext(dir.resolve("run"), inputs));
    }

    private Path gz(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
        return file;
    }

    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        buffer.putInt(magic);
        for (int d : dims) {
            buffer.putInt(d);
        }
        buffer.put(data);
        return buffer.array();
    }
}
