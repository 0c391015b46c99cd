package dev.ferry.serving.runtime;

import dev.ferry.api.model.ModelRuntime;
import dev.ferry.api.model.ModelSource;
import dev.ferry.serving.ModelLoadException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/** The runtimes available to the server and how a model version picks one. */
public final class Runtimes {
    private final List<ModelRuntime> runtimes;

    /** The given runtimes, in preference order. */
    public Runtimes(List<ModelRuntime> runtimes) {
        this.runtimes = List.copyOf(runtimes);
    }

    /** Every runtime on the class path, found with ServiceLoader. */
    public static Runtimes discover() {
        return new Runtimes(
                ServiceLoader.load(ModelRuntime.class).stream()
                        .map(ServiceLoader.Provider::get)
                        .toList());
    }

    /** The runtimes' names. */
    public List<String> names() {
        return runtimes.stream().map(ModelRuntime::name).toList();
    }

    /**
     * The runtime named by configuration (by name or alias), or else the first that accepts the
     * version's files.
     */
    public ModelRuntime select(Optional<String> named, ModelSource source) {
        if (named.isPresent()) {
            String want = named.get().toLowerCase(Locale.ROOT);
            return runtimes.stream()
                    .filter(r -> r.name().equals(want) || r.aliases().contains(want))
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    new ModelLoadException(
                                            "model '"
                                                    + source.name()
                                                    + "' asks for runtime '"
                                                    + named.get()
                                                    + "'; available: "
                                                    + names()));
        }
        return runtimes.stream()
                .filter(r -> r.accepts(source))
                .findFirst()
                .orElseThrow(
                        () ->
                                new ModelLoadException(
                                        "no runtime recognizes the files in "
                                                + source.directory()
                                                + " (expected model.onnx or model.jar; runtimes: "
                                                + names()
                                                + ")"));
    }
}
