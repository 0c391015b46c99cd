package dev.ferry.ml.profile;

import dev.ferry.api.step.Step;
import dev.ferry.api.step.StepContext;
import dev.ferry.api.step.StepSignature;
import dev.ferry.ml.data.DatasetReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code ferry/profile}: writes {@code profile.json} (logical type {@code profile}) for a dataset;
 * with {@code merge:} (one profile or a list) the result covers those profiles' data as well.
 */
public final class ProfileStep implements Step {
    @Override
    public String name() {
        return "ferry/profile";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public StepSignature signature() {
        return new StepSignature(Set.of("dataset"), Set.of("merge"), Set.of("profile"));
    }

    @Override
    public void execute(StepContext context) {
        DatasetProfile profile =
                new Profiler().profile(new DatasetReader().read(context.path("dataset")));
        ProfileCodec codec = new ProfileCodec();
        for (Path other : others(context)) {
            profile.merge(codec.read(other));
        }
        codec.write(profile, context.outputsDir().resolve("profile.json"));
        context.describeOutput("profile", "profile", ProfileCodec.MEDIA_TYPE);
        context.value("rows", profile.rows());
        for (ColumnProfile column : profile.columns()) {
            context.log(
                    column.spec().name()
                            + ": "
                            + column.count()
                            + " rows, "
                            + column.missing()
                            + " missing"
                            + column.min()
                                    .map(
                                            min ->
                                                    ", min "
                                                            + min
                                                            + ", max "
                                                            + column.max().orElseThrow()
                                                            + ", mean "
                                                            + column.mean().orElseThrow())
                                    .orElse("")
                            + (column.frequent().isPresent() ? ", top " + column.topItems(3) : ""));
        }
    }

    private static List<Path> others(StepContext context) {
        return context.optional("merge")
                .map(
                        value ->
                                value instanceof List<?> list
                                        ? list.stream().map(context::resolvePath).toList()
                                        : List.of(context.resolvePath(value)))
                .orElse(List.of());
    }
}
