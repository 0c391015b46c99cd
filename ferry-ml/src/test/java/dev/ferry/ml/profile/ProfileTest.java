package dev.ferry.ml.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ferry.ml.data.CategoryColumn;
import dev.ferry.ml.data.DataException;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.DatasetWriter;
import dev.ferry.ml.data.NumberColumn;
import dev.ferry.ml.data.RecordingStepContext;
import dev.ferry.ml.data.TensorColumn;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileTest {
    @TempDir Path dir;

    private static Dataset numbersAndColours(int from, int to) {
        int rows = to - from;
        double[] x = IntStream.range(from, to).asDoubleStream().toArray();
        BitSet missing = new BitSet();
        x[0] = Double.NaN;
        missing.set(1);
        int[] codes = IntStream.range(from, to).map(r -> r % 10 == 0 ? 1 : 0).toArray();
        codes[2] = CategoryColumn.MISSING;
        float[] pixels = new float[rows * 2];
        java.util.Arrays.fill(pixels, 3f);
        return Dataset.of(
                List.of(
                        new NumberColumn("x", x, missing),
                        new CategoryColumn("colour", List.of("red", "blue"), codes),
                        new TensorColumn("t", 2, pixels)),
                Optional.of("colour"));
    }

    @Test
    void countsMissingValuesNaNsRangeMeanQuantilesAndFrequentItems() {
        DatasetProfile profile = new Profiler().profile(numbersAndColours(0, 1000));
        ColumnProfile x = profile.column("x").orElseThrow();
        assertThat(profile.rows()).isEqualTo(1000);
        assertThat(x.count()).isEqualTo(1000);
        assertThat(x.missing()).isEqualTo(1);
        assertThat(x.nan()).isEqualTo(1);
        assertThat(x.min()).contains(2.0);
        assertThat(x.max()).contains(999.0);
        assertThat(x.mean().orElseThrow()).isCloseTo(500.5, within(1e-9));
        assertThat(x.quantile(0.5).orElseThrow()).isCloseTo(500, within(15.0));
        ColumnProfile colour = profile.column("colour").orElseThrow();
        assertThat(colour.missing()).isEqualTo(1);
        assertThat(colour.topItems(5)).containsEntry("red", 899L).containsEntry("blue", 100L);
        ColumnProfile t = profile.column("t").orElseThrow();
        assertThat(t.values()).isEqualTo(2000);
        assertThat(t.mean()).contains(3.0);
    }

    @Test
    void profilesOfTwoHalvesMergeIntoTheProfileOfTheWhole() {
        DatasetProfile first = new Profiler().profile(numbersAndColours(0, 500));
        DatasetProfile second = new Profiler().profile(numbersAndColours(500, 1000));
        first.merge(second);
        ColumnProfile x = first.column("x").orElseThrow();
        assertThat(first.rows()).isEqualTo(1000);
        assertThat(x.missing()).isEqualTo(2);
        assertThat(x.nan()).isEqualTo(2);
        assertThat(x.min()).contains(2.0);
        assertThat(x.max()).contains(999.0);
        assertThat(x.quantiles().orElseThrow().getN()).isEqualTo(996);
        assertThat(first.column("colour").orElseThrow().itemCount("blue")).isEqualTo(100);
    }

    @Test
    void roundTripsThroughJsonAndStillMerges() {
        DatasetProfile profile = new Profiler().profile(numbersAndColours(0, 1000));
        Path file = dir.resolve("profile.json");
        ProfileCodec codec = new ProfileCodec();
        codec.write(profile, file);
        DatasetProfile back = codec.read(file);
        assertThat(back.schema()).isEqualTo(profile.schema());
        assertThat(back.column("x").orElseThrow().mean())
                .isEqualTo(profile.column("x").orElseThrow().mean());
        assertThat(back.column("x").orElseThrow().quantile(0.9))
                .isEqualTo(profile.column("x").orElseThrow().quantile(0.9));
        assertThat(back.column("colour").orElseThrow().topItems(2))
                .isEqualTo(profile.column("colour").orElseThrow().topItems(2));
        back.merge(profile);
        assertThat(back.rows()).isEqualTo(2000);
    }

    @Test
    void refusesToMergeProfilesOfDifferentSchemas() {
        DatasetProfile a = new Profiler().profile(numbersAndColours(0, 10));
        DatasetProfile b =
                new Profiler()
                        .profile(
                                Dataset.of(
                                        List.of(new NumberColumn("x", new double[] {1})),
                                        Optional.empty()));
        assertThatThrownBy(() -> a.merge(b))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("cannot merge profiles of different schemas");
    }

    @Test
    void theStepWritesAProfileArtifactAndMergesEarlierOnes() {
        Path data = dir.resolve("data.arrow");
        new DatasetWriter().write(numbersAndColours(0, 100), data);
        RecordingStepContext first =
                new RecordingStepContext(dir.resolve("a"), Map.of("dataset", data));
        new ProfileStep().execute(first);
        assertThat(first.outputNames()).containsExactly("profile");
        assertThat(first.described.get("profile").logicalType()).isEqualTo("profile");

        RecordingStepContext second =
                new RecordingStepContext(
                        dir.resolve("b"),
                        Map.of(
                                "dataset",
                                data,
                                "merge",
                                List.of(first.outputsDir().resolve("profile.json"))));
        new ProfileStep().execute(second);
        assertThat(new ProfileCodec().read(second.outputsDir().resolve("profile.json")).rows())
                .isEqualTo(200);
    }

    @Test
    void rejectsAFileThatIsNotAProfile() throws Exception {
        Path file =
                java.nio.file.Files.writeString(dir.resolve("x.json"), "{\"format\":\"other\"}");
        assertThatThrownBy(() -> new ProfileCodec().read(file))
                .hasMessage(
                        "profile " + file + ": expected format 'ferry-profile/1', found 'other'");
    }
}
