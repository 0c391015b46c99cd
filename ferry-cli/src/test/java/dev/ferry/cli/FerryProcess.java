package dev.ferry.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the packaged {@code ferry} CLI as a separate JVM, the way a user does, so end-to-end tests
 * can read its exit code and output, and kill it with SIGKILL.
 */
final class FerryProcess {
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    private final Path workDir;
    private final Map<String, String> env;

    FerryProcess(Path workDir, Map<String, String> env) {
        this.workDir = workDir;
        this.env = Map.copyOf(env);
    }

    /** Runs {@code ferry args...} to completion (bounded by {@code timeout}). */
    Result run(Duration timeout, String... args) {
        Process process = start(args);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(
                        "ferry " + String.join(" ", args) + " did not finish in " + timeout);
            }
            return result(process);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts {@code ferry args...} without waiting; output goes to files in the work dir. */
    Process start(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        command.add("--sun-misc-unsafe-memory-access=allow");
        // The jar's manifest carries the class path: ONNX Runtime crashes when java.class.path
        // is longer than about 4 KB.
        command.add("-jar");
        command.add(cliJar().toString());
        command.addAll(List.of(args));
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectOutput(workDir.resolve(".ferry-stdout").toFile())
                        .redirectError(workDir.resolve(".ferry-stderr").toFile());
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment this runner gives ferry. */
    Map<String, String> env() {
        return env;
    }

    /** What a still running process has printed so far. */
    Result peek() {
        try {
            return new Result(
                    -1,
                    Files.readString(workDir.resolve(".ferry-stdout"), StandardCharsets.UTF_8),
                    Files.readString(workDir.resolve(".ferry-stderr"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The exit code and output of a finished process started by {@link #start}. */
    Result result(Process process) {
        try {
            return new Result(
                    process.waitFor(),
                    Files.readString(workDir.resolve(".ferry-stdout"), StandardCharsets.UTF_8),
                    Files.readString(workDir.resolve(".ferry-stderr"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static Path cliJar() {
        try (Stream<Path> jars = Files.list(TARGET)) {
            Path cli =
                    jars.filter(p -> p.getFileName().toString().matches("ferry-cli-.*\\.jar"))
                            .filter(p -> !p.getFileName().toString().contains("tests"))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    "no ferry-cli jar in target/: run the package"
                                                            + " phase first (mvnw verify does)"));
            return cli;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a finished {@code ferry} invocation left behind. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }
}
