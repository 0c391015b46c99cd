package dev.ferry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry init [DIR]}: scaffolds a project with a working example pipeline and its data. */
@Command(
        name = "init",
        description =
                "Create a project: an example pipeline with its data, ferry.yaml, .gitignore.")
final class InitCommand implements Callable<Integer> {
    /** Scaffold files: resource name under init/ and the name they get in the project. */
    private static final List<String[]> FILES =
            List.of(
                    new String[] {"pipeline.yaml", "pipeline.yaml"},
                    new String[] {"ferry.yaml", "ferry.yaml"},
                    new String[] {"README.md", "README.md"},
                    new String[] {"gitignore", ".gitignore"},
                    new String[] {"data/credit-g.arff", "data/credit-g.arff"},
                    new String[] {"data/SOURCE.md", "data/SOURCE.md"});

    @Spec CommandSpec spec;

    @Parameters(
            arity = "0..1",
            paramLabel = "DIR",
            description = "Where to create the project (default: the current directory).")
    Path dir = Path.of(".");

    @Override
    public Integer call() throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        List<String> existing =
                FILES.stream()
                        .map(f -> f[1])
                        .filter(name -> Files.exists(root.resolve(name)))
                        .toList();
        if (!existing.isEmpty()) {
            throw new UserInputException(
                    root
                            + " already has "
                            + String.join(", ", existing)
                            + "; init writes nothing over existing files");
        }
        for (String[] file : FILES) {
            copy("init/" + file[0], root.resolve(file[1]));
        }
        PrintWriter out = spec.commandLine().getOut();
        String cd = root.equals(Path.of("").toAbsolutePath()) ? "" : "cd " + dir + " && ";
        out.printf("Created a Ferry project in %s%n", root);
        out.printf("Next: %sferry run pipeline.yaml%n", cd);
        out.flush();
        return ExitCode.OK;
    }

    // Temp file then rename: a project never holds a half-written scaffold file.
    private static void copy(String resource, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".ferry-init-", ".tmp");
        try (InputStream in = InitCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "scaffold resource missing from the build: " + resource);
            }
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
