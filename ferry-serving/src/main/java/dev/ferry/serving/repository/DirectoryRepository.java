package dev.ferry.serving.repository;

import dev.ferry.serving.ModelLoadException;
import dev.ferry.serving.ModelNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A model repository in Triton's layout: {@code <root>/<model>/config.pbtxt} (optional) and {@code
 * <root>/<model>/<version>/<files>} with positive integer versions.
 */
public final class DirectoryRepository implements ModelRepository {
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private final Path root;

    /** A repository rooted at {@code root}, which must be a directory. */
    public DirectoryRepository(Path root) {
        if (!Files.isDirectory(root)) {
            throw new ModelLoadException("model repository " + root + " is not a directory");
        }
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public List<String> modelNames() {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> MODEL.matcher(n).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list model repository " + root, e);
        }
    }

    @Override
    public ModelFiles read(String name) {
        if (!MODEL.matcher(name).matches()) {
            throw new ModelNotFoundException("no model '" + name + "' in repository " + root);
        }
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new ModelNotFoundException("no model '" + name + "' in repository " + root);
        }
        Path configFile = dir.resolve("config.pbtxt");
        String configText = "";
        ModelConfig config;
        try {
            if (Files.isRegularFile(configFile)) {
                configText = Files.readString(configFile, StandardCharsets.UTF_8);
                config = ModelConfigReader.read(name, configText);
            } else {
                config = ModelConfig.defaults(name);
            }
        } catch (ModelLoadException e) {
            throw new ModelLoadException(configFile + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + configFile + ": " + e.getMessage(), e);
        }
        List<ModelFiles.VersionFiles> versions = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.sorted().toList()) {
                String v = child.getFileName().toString();
                if (Files.isDirectory(child) && VERSION.matcher(v).matches()) {
                    versions.add(
                            new ModelFiles.VersionFiles(
                                    Long.parseLong(v), child, fingerprint(child, configText)));
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        versions.sort(Comparator.comparingLong(ModelFiles.VersionFiles::version));
        return new ModelFiles(config, versions);
    }

    private static String fingerprint(Path dir, String configText) throws IOException {
        StringBuilder sb = new StringBuilder().append(configText.hashCode());
        try (Stream<Path> files = Files.walk(dir, 4)) {
            for (Path f : files.sorted().toList()) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                if (a.isRegularFile()) {
                    sb.append('|')
                            .append(dir.relativize(f))
                            .append(':')
                            .append(a.size())
                            .append(':')
                            .append(a.lastModifiedTime().toMillis());
                }
            }
        }
        return sb.toString();
    }
}
