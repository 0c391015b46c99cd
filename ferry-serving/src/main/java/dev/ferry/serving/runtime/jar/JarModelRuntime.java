package dev.ferry.serving.runtime.jar;

import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.Model;
import dev.ferry.api.model.ModelException;
import dev.ferry.api.model.ModelRuntime;
import dev.ferry.api.model.ModelSource;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Serves a user's Java model: {@code model.jar} in the version directory holding a class that
 * implements {@link Model}, listed in {@code META-INF/services/dev.ferry.api.model.Model} (or named
 * by the {@code class} parameter). Each load gets its own class loader, closed on unload.
 */
public final class JarModelRuntime implements ModelRuntime {
    static final String DEFAULT_FILE = "model.jar";

    @Override
    public String name() {
        return "java";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("jar");
    }

    @Override
    public boolean accepts(ModelSource source) {
        return Files.isRegularFile(jar(source));
    }

    @Override
    public LoadedModel load(ModelSource source) {
        Path jar = jar(source);
        if (!Files.isRegularFile(jar)) {
            throw new ModelException("no model jar at " + jar);
        }
        URLClassLoader loader;
        try {
            loader =
                    new URLClassLoader(
                            "model-" + source.name(),
                            new URL[] {jar.toUri().toURL()},
                            Model.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new ModelException("cannot open " + jar + ": " + e.getMessage(), e);
        }
        try {
            Model model = instantiate(source, jar, loader);
            model.load(source.directory());
            return new JarModel(model, loader, jar);
        } catch (RuntimeException | LinkageError e) {
            closeQuietly(loader, e);
            if (e instanceof ModelException m) {
                throw m;
            }
            throw new ModelException("the model in " + jar + " failed to load: " + e, e);
        }
    }

    private static Model instantiate(ModelSource source, Path jar, URLClassLoader loader) {
        var named = source.parameter("class");
        if (named.isPresent()) {
            try {
                Class<?> type = Class.forName(named.get(), true, loader);
                if (!Model.class.isAssignableFrom(type)) {
                    throw new ModelException(
                            named.get()
                                    + " in "
                                    + jar
                                    + " does not implement "
                                    + Model.class.getName());
                }
                return (Model) type.getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new ModelException(
                        "cannot create " + named.get() + " from " + jar + ": " + e, e);
            }
        }
        List<ServiceLoader.Provider<Model>> found =
                ServiceLoader.load(Model.class, loader).stream()
                        .filter(p -> p.type().getClassLoader() == loader)
                        .toList();
        if (found.size() != 1) {
            throw new ModelException(
                    jar
                            + " must list exactly one class in META-INF/services/"
                            + Model.class.getName()
                            + " (or set the 'class' parameter); found "
                            + found.size());
        }
        return found.getFirst().get();
    }

    private static void closeQuietly(URLClassLoader loader, Throwable cause) {
        try {
            loader.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static Path jar(ModelSource source) {
        return source.directory()
                .resolve(source.parameter("default_model_filename").orElse(DEFAULT_FILE));
    }
}
